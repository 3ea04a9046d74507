// The tiny harness both browser tests share: named checks printed `ok - …` / `not ok - …`, then one line
// `RESULT <suite> passed=N failed=M` (the test runners parse it) and exit code 1 when anything failed.
import { chromium } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM || process.env.HYOKA_CHROMIUM || "/usr/bin/chromium";

/** A failed `check`: its message is the reason printed, without a stack. */
export class CheckError extends Error {}

export function check(cond, msg) {
  if (!cond) throw new CheckError(msg);
}

/** The counters and reporting of one suite. */
export function harness(suite) {
  let passed = 0;
  let failed = 0;

  /** Prints the RESULT line and exits (1 when anything failed). */
  function finish() {
    console.log(`RESULT ${suite} passed=${passed} failed=${failed}`);
    process.exit(failed > 0 ? 1 : 0);
  }

  /** A fatal problem before or outside the checks: counts as one failure and stops. */
  function abort(name, reason) {
    failed++;
    console.log(`not ok - ${name}: ${reason}`);
    finish();
  }

  return {
    finish,
    abort,
    /** Runs one named check; an exception (or a failed `check`) makes it `not ok`. A string returned
     * replaces the name in the `ok` line (to carry a count). */
    async test(name, fn) {
      try {
        const extra = await fn();
        passed++;
        console.log(`ok - ${typeof extra === "string" ? extra : name}`);
      } catch (err) {
        failed++;
        const reason = err instanceof CheckError ? err.message : String(err && err.stack ? err.stack : err);
        console.log(`not ok - ${name}: ${reason.replace(/\n/g, "\n    ")}`);
      }
    },
    /** An exception that escaped the checks: one failure, the run goes on to `finish`. */
    crashed(err) {
      failed++;
      console.log(`not ok - harness: ${String(err && err.stack ? err.stack : err).replace(/\n/g, "\n    ")}`);
    },
    /** Debian's Chromium, headless (a launch failure aborts the suite). */
    async launch() {
      try {
        return await chromium.launch({ executablePath: CHROMIUM_PATH, args: ["--no-sandbox"] });
      } catch (err) {
        abort("chromium launch", err.message);
      }
    },
  };
}
