// The browser half of tests/ui: an operator's clicks in the Dagster UI of `p2n local`.
//
// Driven by tests/ui/test_operator_flow.py, which starts the stack, prepares the failed check
// and the dead letter, runs this script once and checks the outcome. playwright-core drives
// Debian's Chromium (/usr/bin/chromium): no browser is downloaded. Every wait is bounded;
// each step saves a screenshot and prints one JSON line {step, screenshot, seconds, ...}.
//
// Input (environment): P2N_UI_URL, P2N_UI_SCREENSHOTS (folder), P2N_UI_INCENTIVE_PARTITION,
// P2N_UI_ATTENDANCE_PARTITION, P2N_UI_DLQ_EVENT_ID, P2N_UI_STEPS (optional, comma-separated
// subset), P2N_UI_CHROMIUM (default /usr/bin/chromium).

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { chromium } from 'playwright-core';

const env = process.env;
const UI = env.P2N_UI_URL;
const OUT = env.P2N_UI_SCREENSHOTS;
const INCENTIVE_PARTITION = env.P2N_UI_INCENTIVE_PARTITION;
const ATTENDANCE_PARTITION = env.P2N_UI_ATTENDANCE_PARTITION;
const DLQ_EVENT_ID = env.P2N_UI_DLQ_EVENT_ID;
const ONLY = env.P2N_UI_STEPS ? env.P2N_UI_STEPS.split(',') : null;

const UI_TIMEOUT_MS = 30_000; // one element to appear, one click to land
const RUN_TIMEOUT_MS = 150_000; // a launched run to finish (process start + work)
const RECHECK_TIMEOUT_MS = 180_000; // the sensor to notice the repair, then its run
const RELOAD_EVERY_MS = 3_000;

const CHECK_PAGE = (asset, check) => `${UI}/assets/${asset}?view=checks&checkDetail=${check}`;
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function fail(message) {
  throw new Error(message);
}

for (const [name, value] of Object.entries({ UI, OUT, INCENTIVE_PARTITION, ATTENDANCE_PARTITION })) {
  if (!value) fail(`missing input ${name}`);
}
mkdirSync(OUT, { recursive: true });

let shotNumber = 0;
async function shoot(page, step) {
  shotNumber += 1;
  const file = join(OUT, `${String(shotNumber).padStart(2, '0')}-${step}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

// Reload `page` until `probe()` is true, at most `timeoutMs`; for state the UI does not push.
// `ready` is an element every loaded version of the page shows: probes wait for it first.
async function reloadUntil(page, ready, probe, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await ready.first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    if (await probe()) return;
    if (Date.now() > deadline) fail(`${what} not seen within ${timeoutMs / 1000}s`);
    await page.waitForTimeout(RELOAD_EVERY_MS);
    await page.reload();
  }
}

async function visible(locator) {
  try {
    await locator.first().waitFor({ state: 'visible', timeout: RELOAD_EVERY_MS });
    return true;
  } catch {
    return false;
  }
}

// The run page a launch navigated to: wait for its final status.
async function runFinishes(page) {
  await page.waitForURL(/\/runs\/[0-9a-f-]{36}/, { timeout: UI_TIMEOUT_MS });
  const runId = page.url().match(/\/runs\/([0-9a-f-]{36})/)[1];
  const done = page.getByText(/^(Success|Failure|Canceled)$/).first();
  await done.waitFor({ state: 'visible', timeout: RUN_TIMEOUT_MS });
  const status = (await done.innerText()).trim();
  if (status !== 'Success') fail(`run ${runId} ended ${status}`);
  return runId;
}

// The Launchpad's config is valid (Dagster checked it) and Launch Run is enabled.
async function launchable(page) {
  await page.getByText('No errors', { exact: true }).first().waitFor({ timeout: UI_TIMEOUT_MS });
  const button = page.getByRole('button', { name: /Launch Run/ });
  await button.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  await page.waitForFunction((el) => !el.disabled, await button.elementHandle(), {
    timeout: UI_TIMEOUT_MS,
  });
  return button;
}

async function launch(page) {
  await (await launchable(page)).click();
  return runFinishes(page);
}

function checksLoaded(page) {
  return page.getByText('Latest execution', { exact: true });
}

async function editorText(page) {
  return page.locator('.CodeMirror-code').first().innerText();
}

const steps = {
  // 1. The failed incentive check: its mismatches table and its repair link.
  async failedCheck(ctx) {
    const { page } = ctx;
    await page.goto(CHECK_PAGE('incentive_levels_reconciliation', 'incentive_levels_match'));
    const repair = page.getByRole('link', { name: /\/playground\/setup\?config=/ });
    await reloadUntil(page, checksLoaded(page), () => visible(repair), UI_TIMEOUT_MS * 2, 'the failed check with a repair link');
    await page.getByText('Failed', { exact: true }).first().waitFor({ timeout: UI_TIMEOUT_MS });
    await page.getByText(INCENTIVE_PARTITION, { exact: true }).first().waitFor({ timeout: UI_TIMEOUT_MS });
    ctx.repairHref = await repair.first().getAttribute('href');
    return { repair: ctx.repairHref };
  },

  // 2. Follow the repair link: the Launchpad opens (new tab) with the dry run filled in.
  async repairLink(ctx) {
    const { page, context } = ctx;
    const repair = page.getByRole('link', { name: /\/playground\/setup\?config=/ }).first();
    const [launchpad] = await Promise.all([
      context.waitForEvent('page', { timeout: UI_TIMEOUT_MS }),
      repair.click(),
    ]);
    await launchpad.waitForURL(/\/jobs\/repair_incentives_job\/playground$/, { timeout: UI_TIMEOUT_MS });
    await launchpad.locator('.CodeMirror-code').first().waitFor({ timeout: UI_TIMEOUT_MS });
    const text = await editorText(launchpad);
    if (!text.includes(`partition_key: "${INCENTIVE_PARTITION}"`) || !text.includes('dry_run: true')) {
      fail(`the Launchpad does not hold the dry run for ${INCENTIVE_PARTITION}: ${text}`);
    }
    await launchable(launchpad);
    ctx.launchpad = launchpad;
    return { page: ctx.launchpad, url: launchpad.url() };
  },

  // 3. Launch the dry run as filled in.
  async dryRun(ctx) {
    const page = ctx.launchpad;
    ctx.dryRunId = await launch(page);
    return { page, run: ctx.dryRunId };
  },

  // 4. The same Launchpad again, dry_run changed to false by hand, then launched: the write.
  async write(ctx) {
    const page = ctx.launchpad;
    await page.goto(new URL(ctx.repairHref, UI).href);
    await page.waitForURL(/\/jobs\/repair_incentives_job\/playground$/, { timeout: UI_TIMEOUT_MS });
    const value = page.locator('.CodeMirror-line', { hasText: 'dry_run' }).getByText('true', { exact: true });
    await value.waitFor({ timeout: UI_TIMEOUT_MS });
    await value.dblclick();
    await page.keyboard.type('false');
    const text = await editorText(page);
    if (!text.includes('dry_run: false')) fail(`dry_run was not changed: ${text}`);
    ctx.writeRunId = await launch(page);
    return { page, run: ctx.writeRunId };
  },

  // 5. recheck_after_repair_sensor re-materialises the partition: the check passes.
  async recheckPassed(ctx) {
    const { page } = ctx;
    await page.goto(CHECK_PAGE('incentive_levels_reconciliation', 'incentive_levels_match'));
    // the evaluation's tag says Passed (the check list beside it says Succeeded for any check)
    const passed = page.getByText('Passed', { exact: true });
    await reloadUntil(page, checksLoaded(page), () => visible(passed), RECHECK_TIMEOUT_MS, 'the re-check passing');
    await page.getByText(INCENTIVE_PARTITION, { exact: true }).first().waitFor({ timeout: UI_TIMEOUT_MS });
    return {};
  },

  // 6. Rerun one attendance date: Catalog -> the asset -> Materialize -> that partition.
  async rerunAttendance(ctx) {
    const { page } = ctx;
    await page.goto(`${UI}/assets/attendance_reconciliation?view=partitions`);
    await page.getByRole('button', { name: /Materialize/ }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Partition selection').waitFor();
    const selection = dialog.locator('input[type=text]').first();
    await selection.fill(ATTENDANCE_PARTITION);
    await selection.press('Enter');
    await dialog.getByText('1 partition', { exact: true }).waitFor();
    // the UI's own launch request answers with the run's id (its toast shows only 8 characters
    // and is gone after a few seconds)
    const launched = page.waitForResponse(
      (response) =>
        new URL(response.url()).pathname.endsWith('/graphql') &&
        /mutation\s+Launch/i.test(response.request().postData() || ''),
      { timeout: RUN_TIMEOUT_MS },
    );
    await dialog.getByRole('button', { name: /^Launch 1 run$/ }).click();
    const answer = await (await launched).text();
    const runId = (answer.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/) ||
      fail(`no run id in the launch answer: ${answer.slice(0, 500)}`))[0];
    await page.getByText(/^Launched run/).first().waitFor();
    await page.goto(`${UI}/runs/${runId}`);
    ctx.attendanceRunId = await runFinishes(page);
    await page.getByText(ATTENDANCE_PARTITION).first().waitFor();
    return { run: ctx.attendanceRunId };
  },

  // 7. List the DLQ: dead_letters_list_job from its Launchpad; the dead letter is listed by
  //    the event id that `p2n publish` printed.
  async listDlq(ctx) {
    const { page } = ctx;
    await page.goto(`${UI}/guess/dead_letters_list_job/playground`);
    ctx.dlqRunId = await launch(page);
    if (DLQ_EVENT_ID) {
      await page.getByText(DLQ_EVENT_ID).first().waitFor({ timeout: UI_TIMEOUT_MS });
    }
    return { page, run: ctx.dlqRunId };
  },

  // 8. Every alert without opening a sensor tick: Catalog -> alerts -> Events, one
  //    observation per alert; the dead letter's carries the same event id.
  async alertsView(ctx) {
    const { page } = ctx;
    await page.goto(`${UI}/assets/alerts?view=events`);
    const entries = page.getByText(/^[A-Z][a-z]{2} \d{1,2}, \d{1,2}:\d{2} [AP]M$/);
    const found = page.getByText(`incentives.iep-review.inserted-sent-to-dlq ${DLQ_EVENT_ID}`);
    const shown = async () => {
      const count = Math.min(await entries.count(), 20);
      for (let i = 0; i < count; i += 1) {
        await entries.nth(i).click();
        if (await visible(found)) return true;
      }
      return false;
    };
    await reloadUntil(page, page.getByText('Observed'), shown, RECHECK_TIMEOUT_MS, 'the alert');
    return {};
  },
};

const ORDER = [
  'failedCheck',
  'repairLink',
  'dryRun',
  'write',
  'recheckPassed',
  'rerunAttendance',
  'listDlq',
  'alertsView',
];

const browser = await chromium.launch({
  executablePath: env.P2N_UI_CHROMIUM || '/usr/bin/chromium',
  args: CHROMIUM_FLAGS,
  timeout: UI_TIMEOUT_MS,
});
let exitCode = 0;
try {
  // What "Skip" on Dagster's community dialog does, so it never covers a click.
  await fetch(`${UI}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'mutation { setNuxSeen }' }),
  });
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  await context.addInitScript(() => window.localStorage.setItem('communityNux', 'true'));
  context.setDefaultTimeout(UI_TIMEOUT_MS);
  const ctx = { context, page: await context.newPage() };
  for (const name of ORDER) {
    if (ONLY && !ONLY.includes(name)) continue;
    const started = Date.now();
    ctx.current = ['repairLink', 'dryRun', 'write'].includes(name) ? ctx.launchpad : ctx.page;
    let result = {};
    try {
      result = (await steps[name](ctx)) || {};
    } catch (error) {
      const shot = await shoot(ctx.current || ctx.page, `${name}-FAILED`).catch(() => null);
      console.log(JSON.stringify({ step: name, ok: false, error: String(error), screenshot: shot }));
      exitCode = 1;
      break;
    }
    const { page = ctx.page, ...detail } = result;
    const screenshot = await shoot(page, name);
    const seconds = Math.round((Date.now() - started) / 100) / 10;
    console.log(JSON.stringify({ step: name, ok: true, seconds, screenshot, ...detail }));
  }
} finally {
  await browser.close();
}
process.exit(exitCode);
