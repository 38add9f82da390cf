import type { PageProps } from '../lib/page-props.js';

export function NotFoundPage(_props: PageProps) {
  return (
    <section>
      <h1>NotFoundPage</h1>
    </section>
  );
}
