import type { PageProps } from '../app.js';

export function DirectoryPage(_props: PageProps) {
  return (
    <section>
      <h1>DirectoryPage</h1>
    </section>
  );
}
