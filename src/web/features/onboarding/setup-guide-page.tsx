export function SetupGuidePage() {
  return <p>SetupGuidePage</p>;
}
