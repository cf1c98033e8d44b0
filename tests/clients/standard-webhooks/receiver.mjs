// A real webhook receiver (node:http, no framework) that accepts a delivery only if both signatures verify:
//   - Standard Webhooks, checked by the unmodified `standardwebhooks` package with SW_SECRET (whsec_...);
//   - x-esriHook-Signature, checked the way Esri's receiver samples do with ESRI_KEY (the plain secret).
// GET answers 200 (the reachability probe made when a webhook is created). Each POST is answered 200 or 401
// and logged as one JSON line on stdout. Env: PORT (0 = any free port), SW_SECRET, ESRI_KEY.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { Webhook } from 'standardwebhooks';

const { PORT = '0', SW_SECRET, ESRI_KEY } = process.env;
if (!SW_SECRET || !ESRI_KEY) {
  console.error('receiver.mjs needs the env variables SW_SECRET (whsec_...) and ESRI_KEY (the plain secret).');
  process.exit(2);
}

const standard = new Webhook(SW_SECRET);

/** Esri's check: base64 HMAC-SHA256 of the raw body string, against the URL-decoded header's part after "sha256=". */
function esriVerify(body, header) {
  if (!header) {
    throw new Error('missing x-esrihook-signature');
  }
  const decoded = decodeURIComponent(header);
  if (!decoded.startsWith('sha256=')) {
    throw new Error(`x-esrihook-signature does not start with sha256=: ${decoded}`);
  }
  const expected = Buffer.from(createHmac('sha256', ESRI_KEY).update(body).digest('base64'));
  const received = Buffer.from(decoded.slice('sha256='.length));
  if (expected.length !== received.length || !timingSafeEqual(expected, received)) {
    throw new Error('x-esrihook-signature does not match');
  }
}

/** Runs one check; returns [ok, error message or null]. */
function check(verify) {
  try {
    verify();
    return [true, null];
  } catch (e) {
    return [false, `${e.name}: ${e.message}`];
  }
}

const server = createServer((req, res) => {
  if (req.method !== 'POST') {
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    return;
  }
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const [standardOk, standardError] = check(() => standard.verify(body, req.headers));
    const [esriOk, esriError] = check(() => esriVerify(body, req.headers['x-esrihook-signature']));
    const ok = standardOk && esriOk;
    const error = [standardError, esriError].filter(Boolean).join('; ') || null;
    console.log(JSON.stringify({ id: req.headers['webhook-id'] ?? null, path: req.url, standard: standardOk, esri: esriOk, error }));
    res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
    res.end(JSON.stringify(ok ? { success: true } : { success: false, error }));
  });
});

server.listen(Number(PORT), '127.0.0.1', () => console.log(`LISTENING ${server.address().port}`));

process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
