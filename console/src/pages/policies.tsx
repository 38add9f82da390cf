import type { PageProps } from '../app.js';

export function PoliciesPage(_props: PageProps) {
  return (
    <section>
      <h1>PoliciesPage</h1>
    </section>
  );
}
