// Records every HTTP request the unmodified ArcGIS REST JS packages send.
//
// The library calls globalThis.fetch at request time, so wrapping it (without
// touching the library) lets a test check what went on the wire: URL, method,
// and every parameter from the query string, a form body or a multipart body.
// Each request is aborted after `timeoutMs` so a hung server cannot hang a run.

/** Installs the recorder and returns the (growing) list of exchanges. */
export function recordFetch({ timeoutMs = 15_000 } = {}) {
  const wire = [];
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (input, init = {}) => {
    const url = new URL(typeof input === "string" ? input : input.url);
    const params = new URLSearchParams(url.search);
    const files = {};
    let bodyKind = "none";
    if (typeof init.body === "string") {
      bodyKind = "form";
      for (const [k, v] of new URLSearchParams(init.body)) params.append(k, v);
    } else if (isFormData(init.body)) {
      // In Node the client builds formdata-node's FormData, not the global one.
      bodyKind = "multipart";
      for (const [k, v] of init.body.entries()) {
        if (typeof v === "string") params.append(k, v);
        else files[k] = { name: v.name, type: v.type, size: v.size };
      }
    } else if (init.body != null) {
      bodyKind = "other";
    }
    const entry = {
      method: (init.method ?? "GET").toUpperCase(),
      url: url.origin + url.pathname,
      path: url.pathname,
      query: new URLSearchParams(url.search),
      params,
      files,
      bodyKind
    };
    wire.push(entry);
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    let response;
    try {
      response = await realFetch(input, { ...init, signal });
    } catch (error) {
      entry.error = String(error.cause ?? error);
      throw error;
    }
    entry.status = response.status;
    entry.contentType = response.headers.get("content-type") ?? "";
    entry.body = entry.contentType.includes("json")
      ? await response.clone().text().catch(() => "<unreadable>")
      : `<${entry.contentType || "no content type"}>`;
    return response;
  };
  return wire;
}

function isFormData(body) {
  return body != null && Object.prototype.toString.call(body) === "[object FormData]" && typeof body.entries === "function";
}

/** One exchange on one line, with tokens and passwords masked. */
export function describeExchange(e) {
  const shown = new URLSearchParams(e.params);
  for (const secret of ["token", "password"]) if (shown.has(secret)) shown.set(secret, "***");
  let text = shown.toString();
  if (text.length > 600) text = `${text.slice(0, 600)}…(${text.length} chars)`;
  const files = Object.entries(e.files ?? {}).map(([k, f]) => ` ${k}=<${f.name} ${f.type} ${f.size}B>`);
  const body = (e.body ?? "").replace(/"token"\s*:\s*"[^"]*"/g, '"token":"***"').slice(0, 400);
  return `${e.method} ${e.url} [${text}]${files.join("")} -> ${e.status ?? e.error ?? "no response"} ${body}`;
}
