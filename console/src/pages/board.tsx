import type { PageProps } from '../app.js';

export function BoardPage(_props: PageProps) {
  return (
    <section>
      <h1>BoardPage</h1>
    </section>
  );
}
