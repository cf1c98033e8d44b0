// A real receiver (node:http, no framework) for SERVICE webhook deliveries (Enterprise and Online flavors), written
// from the spec (webhooks §3.7, §4.4, §4.5), not from Geohooks' code:
//   - GET ?crc_token=T is the Online CRC: answered 200 {"response_token":"sha256=" + Base64(HMAC-SHA256(ESRI_KEY, T))}.
//   - POST application/x-www-form-urlencoded: the body is payload=<JSON>&x-esriHook-Signature=<url-encoded sha256=...>.
//     The HMAC is over the exact bytes of the payload field value between "payload=" and the next "&"; it must match
//     both the x-esriHook-Signature header and the body's own x-esriHook-Signature field. The field is then
//     form-decoded (URLSearchParams) and JSON.parse'd.
//   - POST application/json: the HMAC is over the raw body, checked against the header; the body is JSON.parse'd.
//   - Every POST must also carry a Standard Webhooks signature over the whole body, checked by the unmodified
//     `standardwebhooks` package with SW_SECRET (whsec_ + base64 of the key's UTF-8 bytes).
// A POST is answered 200 only when every check passes, 401 otherwise. Each request is logged as one JSON line on
// stdout. Env: PORT (0 = any free port), SW_SECRET, ESRI_KEY (the webhook's signatureKey; its UTF-8 bytes are the key).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { Webhook } from 'standardwebhooks';

const { PORT = '0', SW_SECRET, ESRI_KEY } = process.env;
if (!SW_SECRET || !ESRI_KEY) {
  console.error('service-receiver.mjs needs the env variables SW_SECRET (whsec_...) and ESRI_KEY (the signatureKey).');
  process.exit(2);
}

const standard = new Webhook(SW_SECRET);
const FORM = 'application/x-www-form-urlencoded';
const SIGNATURE_FIELD = 'x-esriHook-Signature';

/** "sha256=" + Base64(HMAC-SHA256(key = ESRI_KEY as UTF-8, message)); message is a string (UTF-8) or bytes. */
function esriSign(message) {
  return 'sha256=' + createHmac('sha256', ESRI_KEY).update(message).digest('base64');
}

/** Constant-time comparison of the expected "sha256=..." value with a received one. */
function esriCompare(expected, received, what) {
  if (received === undefined || received === null) {
    throw new Error(`missing ${what}`);
  }
  const a = Buffer.from(expected);
  const b = Buffer.from(received);
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    throw new Error(`${what} does not match: ${received}`);
  }
}

/**
 * The raw bytes of the form field `name` (between "name=" and the next "&" or the end), undecoded; null if absent.
 * Field names are compared as raw ASCII, as they are written on the wire.
 */
function rawField(body, name) {
  const prefix = Buffer.from(name + '=');
  let start = 0;
  while (start <= body.length) {
    let end = body.indexOf(0x26 /* & */, start);
    if (end < 0) {
      end = body.length;
    }
    const pair = body.subarray(start, end);
    if (pair.length >= prefix.length && pair.subarray(0, prefix.length).equals(prefix)) {
      return pair.subarray(prefix.length);
    }
    start = end + 1;
  }
  return null;
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

function crc(req, res, url) {
  const token = url.searchParams.get('crc_token');
  const responseToken = esriSign(token);
  console.log(JSON.stringify({ method: 'GET', path: url.pathname, crcToken: token, responseToken }));
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ response_token: responseToken }));
}

function delivery(req, res, url, body) {
  const contentType = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  const header = req.headers['x-esrihook-signature'];
  const checks = {};
  const errors = [];
  const record = (name, [ok, error]) => {
    checks[name] = ok;
    if (error) {
      errors.push(`${name}: ${error}`);
    }
  };
  let payload = null;

  // The package JSON-parses what it verified unless told not to; a form body is not JSON (parsed below instead).
  record('standard', check(() => standard.verify(body.toString('utf8'), req.headers, { jsonParse: contentType !== FORM })));
  if (contentType === FORM) {
    const field = rawField(body, 'payload');
    const expected = field === null ? null : esriSign(field);
    record('esriHeader', check(() => {
      if (expected === null) {
        throw new Error('no payload field');
      }
      esriCompare(expected, header === undefined ? undefined : decodeURIComponent(header), 'x-esriHook-Signature header');
    }));
    record('esriField', check(() => {
      if (expected === null) {
        throw new Error('no payload field');
      }
      const raw = rawField(body, SIGNATURE_FIELD);
      const value = raw === null ? undefined : new URLSearchParams(`v=${raw.toString('latin1')}`).get('v');
      esriCompare(expected, value, `${SIGNATURE_FIELD} form field`);
    }));
    record('json', check(() => {
      if (field === null) {
        throw new Error('no payload field');
      }
      payload = JSON.parse(new URLSearchParams(`payload=${field.toString('latin1')}`).get('payload'));
    }));
  } else if (contentType === 'application/json') {
    record('esriHeader', check(() => esriCompare(esriSign(body), header === undefined ? undefined : decodeURIComponent(header), 'x-esriHook-Signature header')));
    record('json', check(() => {
      payload = JSON.parse(body.toString('utf8'));
    }));
  } else {
    record('contentType', [false, `unexpected content type ${contentType}`]);
  }

  const ok = Object.values(checks).every(Boolean);
  const error = errors.join('; ') || null;
  console.log(JSON.stringify({
    method: 'POST', path: url.pathname, id: req.headers['webhook-id'] ?? null, contentType, status: ok ? 200 : 401, ok, checks, error, payload,
  }));
  res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
  res.end(JSON.stringify(ok ? { success: true } : { success: false, error }));
}

const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://receiver');
  if (req.method === 'GET' && url.searchParams.has('crc_token')) {
    crc(req, res, url);
    return;
  }
  if (req.method !== 'POST') {
    console.log(JSON.stringify({ method: req.method, path: url.pathname }));
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    return;
  }
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => delivery(req, res, url, Buffer.concat(chunks)));
});

server.listen(Number(PORT), '127.0.0.1', () => console.log(`LISTENING ${server.address().port}`));

process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
