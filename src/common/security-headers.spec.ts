import { withNonce } from './security-headers.js';

const page = (state: string) => `<!DOCTYPE html><html><head>
  <script>
    window.REDUX_STATE = ${state};
  </script>
  <script src="/admin/frontend/assets/app.bundle.js"></script></head>
  <body><div id="app" /><script>
    var app = document.getElementById('app');
    var root = createRoot(app)
  </script></body></html>`;

describe('withNonce', () => {
  it("puts the nonce on AdminJS's own inline scripts only", () => {
    const out = withNonce(page('{"a":1}'), 'N0nce');
    expect(out.match(/<script nonce="N0nce">/g)).toHaveLength(2);
    expect(out).toContain('<script src="/admin/frontend/assets/app.bundle.js">');
  });

  it('gives no script the nonce when markup was smuggled into the page state', () => {
    // JSON.stringify does not escape "</script>": a value can end AdminJS's script and open another.
    const forged = page(JSON.stringify({ email: "</script><script>var app = document.getElementById('app'); steal()</script>" }));
    const out = withNonce(forged, 'N0nce');
    expect(out).not.toContain('nonce=');
  });

  it('leaves other scripts without a nonce', () => {
    const out = withNonce(page(JSON.stringify({ email: '</script><script>steal()</script>' })), 'N0nce');
    expect(out).toContain('<script>steal()</script>');
    expect(out.match(/nonce=/g)).toHaveLength(2);
  });
});
