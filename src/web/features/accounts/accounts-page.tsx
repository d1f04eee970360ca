export function AccountsPage() {
  return <p>AccountsPage</p>;
}
