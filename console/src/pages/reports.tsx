import type { PageProps } from '../app.js';

export function ReportsPage(_props: PageProps) {
  return (
    <section>
      <h1>ReportsPage</h1>
    </section>
  );
}
