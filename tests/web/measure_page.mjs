// Measures the page (reported in the README's performance section, never asserted):
//   - its size: each file raw and gzip'd (level 9, as a web server would send it);
//   - the time to the first frame: from navigation start to the end of the first frame, median of 5
//     fresh visits (each in a new browser profile, so nothing is cached);
//   - frame times under SwiftShader for a scene at rest and while its timeline plays (every frame drawn
//     anew): the time the WebAssembly frame takes (CPU side) and the interval between frames (which
//     includes the browser's rasterising when that is the slower part; 16.7 ms = 60 fps is the ceiling), and
//     while the network lab trains (a slice of each frame, core/lab/network_lab.h);
//   - with --downhill, the desktop program's `render --stats` of the same scene (Xvfb, Mesa llvmpipe), with
//     and without its frame cache, in the same run (the machine's load changes the numbers 2–4×).
// Usage: node tests/web/measure_page.mjs --page build-web/page [--scene 8] [--width 1600 --height 900]
//        [--downhill build/downhill --scenes assets/scenes]
import { launchChromium, openPage, servePage, waitFrames } from './lib.mjs';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const args = Object.fromEntries(process.argv.slice(2).join(' ').split('--').filter(Boolean).map(a => a.trim().split(/\s+/)));
const pageDir = resolve(args.page || 'build-web/page');
const preset = args.scene || '8';
const W = +(args.width || 1600), H = +(args.height || 900);

const median = xs => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length ? (s.length % 2 ? s[(s.length - 1) >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};
const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
const kb = n => (n / 1024).toFixed(0) + ' KB';

console.log('## size');
let raw = 0, gz = 0;
for (const f of ['index.html', 'downhill.js', 'downhill.wasm', 'downhill.data']) {
    const bytes = readFileSync(join(pageDir, f));
    const z = gzipSync(bytes, { level: 9 }).length;
    raw += bytes.length;
    gz += z;
    console.log(`${f.padEnd(14)} ${kb(bytes.length).padStart(9)} ${kb(z).padStart(9)} gzip`);
}
console.log(`${'the page'.padEnd(14)} ${kb(raw).padStart(9)} ${kb(gz).padStart(9)} gzip`);
const data = join(pageDir, 'data/fashion-mnist');
let mnist = 0;
try {
    for (const f of readdirSync(data)) mnist += statSync(join(data, f)).size;
    console.log(`${'fashion-mnist'.padEnd(14)} ${kb(mnist).padStart(9)} (already gzip'd; fetched only by the network lab)`);
} catch {
}

const server = await servePage(pageDir);
const browser = await launchChromium();
try {
    console.log('\n## time to the first frame (ms from navigation start)');
    const firsts = [];
    for (let i = 0; i < 5; ++i) {
        const context = await browser.newContext();
        const page = await openPage(context, server.url + '#preset=' + preset, W, H);
        await waitFrames(page, 1);
        firsts.push(await page.evaluate(() => Module.downhill.firstFrameMs));
        await context.close();
    }
    console.log(`median ${median(firsts).toFixed(0)} (${firsts.map(t => t.toFixed(0)).join(', ')})`);

    console.log(`\n## frame times, preset ${preset}, ${W}×${H}`);
    const context = await browser.newContext();
    const page = await openPage(context, server.url + '#preset=' + preset, W, H);
    await waitFrames(page, 30);
    const sample = async seconds => {
        const result = await page.evaluate(async s => {
            const d = Module.downhill, start = d.frames, t0 = performance.now();
            await new Promise(r => setTimeout(r, s * 1000));
            const n = d.frames - start;
            return { intervalMs: (performance.now() - t0) / n, frameMs: d.frameMs.slice(-n) };
        }, seconds);
        return `frame (wasm) median ${median(result.frameMs).toFixed(1)} ms, p95 ${percentile(result.frameMs, 0.95).toFixed(1)} ms; ` +
               `interval ${result.intervalMs.toFixed(1)} ms (${(1000 / result.intervalMs).toFixed(0)} fps)`;
    };
    console.log('at rest:        ' + await sample(4));
    await page.keyboard.down('Space'); // play the timeline from its start
    await waitFrames(page, 2);
    await page.keyboard.up('Space');
    await page.keyboard.down('KeyR');
    await waitFrames(page, 2);
    await page.keyboard.up('KeyR');
    await page.keyboard.down('Space');
    await waitFrames(page, 2);
    await page.keyboard.up('Space');
    console.log('timeline plays: ' + await sample(4));
    await context.close();

    // The network lab training in the frame loop: an untrained network on the circle, played at the lab's
    // speed limit (the play button sits at the left of the strip under the view: app/frame.cpp's layout).
    const lab = await openPage(await browser.newContext(), server.url + '#scene=' +
                               encodeURIComponent('{"mode":"network","network":{"train_steps":0}}'), W, H);
    await waitFrames(lab, 30);
    const play = [448, H - Math.round(H * 0.3) - 44 + 19];
    await lab.mouse.move(...play);
    await waitFrames(lab, 2);
    await lab.mouse.down();
    await waitFrames(lab, 2);
    await lab.mouse.up();
    const labSample = await lab.evaluate(async () => {
        const d = Module.downhill, start = d.frames, t0 = performance.now();
        await new Promise(r => setTimeout(r, 4000));
        const n = d.frames - start;
        return { intervalMs: (performance.now() - t0) / n, frameMs: d.frameMs.slice(-n) };
    });
    console.log(`network lab trains: frame (wasm) median ${median(labSample.frameMs).toFixed(1)} ms, ` +
                `p95 ${percentile(labSample.frameMs, 0.95).toFixed(1)} ms; interval ${labSample.intervalMs.toFixed(1)} ms ` +
                `(${(1000 / labSample.intervalMs).toFixed(0)} fps)`);
    await lab.context().close();
    if (args.downhill) {
        const scenes = resolve(args.scenes || 'assets/scenes');
        const file = readdirSync(scenes).find(f => parseInt(f, 10) === +preset);
        for (const extra of [[], ['--no-frame-cache']]) {
            const out = execFileSync('xvfb-run', ['-a', '-s', '-screen 0 1920x1080x24', resolve(args.downhill), 'render',
                                                  '--scene', join(scenes, file), '--size', `${W}x${H}`, '--stats',
                                                  '--frames', '48', '--out', '/tmp/measure-page-desktop.png', ...extra]);
            const st = JSON.parse(out.toString());
            console.log(`desktop ${extra.length ? 'every frame drawn' : 'frame cache   '}: median ${st.frame_ms_median.toFixed(1)} ms, ` +
                        `p95 ${st.frame_ms_p95.toFixed(1)} ms (baseline ${st.baseline_frame_ms_median.toFixed(1)} ms)`);
        }
    }
    console.log('load average: ' + readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '));
} finally {
    await browser.close();
    await server.close();
}
