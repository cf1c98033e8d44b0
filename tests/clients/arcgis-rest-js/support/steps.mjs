// Ordered test steps that share state, as both test files use them.
import { it } from "node:test";
import { describeExchange } from "./wire.mjs";

/**
 * `step(title, fn)` runs one step with `options` (e.g. a timeout); when it fails, the exchanges it sent are printed,
 * with ArcGIS REST JS's request options cut short (their session holds the password and token).
 * `needs(t, ...keys)` skips the current step when an earlier step did not put its input into `state`.
 */
export function steps(wire, state, options) {
  function step(title, fn) {
    it(title, options, async (t) => {
      const from = wire.length;
      try {
        await fn(t);
      } catch (error) {
        for (const e of wire.slice(from)) t.diagnostic(describeExchange(e));
        if (error?.options?.authentication) error.options = { ...error.options, authentication: "<session>" };
        throw error;
      }
    });
  }

  function needs(t, ...keys) {
    const absent = keys.filter((k) => state[k] == null);
    if (absent.length) t.skip(`needs ${absent.join(", ")} from an earlier step`);
    return absent.length === 0;
  }

  return { step, needs };
}
