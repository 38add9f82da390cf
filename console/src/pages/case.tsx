import type { PageProps } from '../app.js';

export function CasePage(_props: PageProps) {
  return (
    <section>
      <h1>CasePage</h1>
    </section>
  );
}
