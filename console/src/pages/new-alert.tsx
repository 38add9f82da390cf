import type { PageProps } from '../app.js';

export function NewAlertPage(_props: PageProps) {
  return (
    <section>
      <h1>NewAlertPage</h1>
    </section>
  );
}
