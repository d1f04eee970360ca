export function AcceptInvitationPage() {
  return <p>AcceptInvitationPage</p>;
}
