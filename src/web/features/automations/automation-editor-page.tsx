// Placeholder owned by part B of the dashboard, which replaces this file. The router
// (src/web/router.tsx) lazy-loads the named export below.
export function AutomationEditorPage() {
  return (
    <section className="p-6">
      <h1 className="text-2xl font-semibold">Automation editor</h1>
      <p className="mt-2 text-slate-600">This page is being built.</p>
    </section>
  );
}
