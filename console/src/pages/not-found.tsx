import type { PageProps } from '../app.js';

export function NotFoundPage(_props: PageProps) {
  return (
    <section>
      <h1>NotFoundPage</h1>
    </section>
  );
}
