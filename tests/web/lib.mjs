// Helpers for the page's browser tests (test_page.mjs) and measurements (measure_page.mjs): a loopback
// static file server, Debian's headless Chromium driven through playwright-core, a PNG reader and the
// picture comparison. Node's standard library only, besides playwright-core.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { deflateSync, inflateSync } from 'node:zlib';

// ---- a static file server on 127.0.0.1, plain: no special headers (as on any course web server) ----

const kTypes = {
    '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
    '.data': 'application/octet-stream', '.gz': 'application/gzip', '.json': 'application/json',
};

export async function servePage(dir) {
    const server = createServer((req, res) => {
        const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
        let file = normalize(join(dir, path));
        if (!file.startsWith(normalize(dir))) file = '';
        if (file && existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
        if (!file || !existsSync(file)) {
            res.writeHead(404).end('not found');
            return;
        }
        res.writeHead(200, { 'Content-Type': kTypes[extname(file)] || 'application/octet-stream',
                             'Content-Length': statSync(file).size });
        createReadStream(file).pipe(res);
    });
    await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise(r => server.close(r)) };
}

// ---- Chromium: headless, WebGL 2 on the CPU through SwiftShader, nothing from the network ----

export const kChromiumArgs = [
    '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--no-sandbox',
    '--disable-background-networking', '--disable-component-update', '--disable-default-apps', '--disable-sync',
    '--disable-extensions', '--no-first-run', '--no-default-browser-check', '--mute-audio',
    '--disable-features=Translate,OptimizationHints,MediaRouter,InterestFeedContentSuggestions',
    '--metrics-recording-only', '--password-store=basic', '--use-mock-keychain',
];

export function launchChromium() {
    return chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: kChromiumArgs });
}

// A page of `context` at width × height CSS pixels (one device pixel each) that records what its console
// says: page.messages holds {type, text} of every console message and uncaught error.
export async function openPage(context, url, width, height) {
    const page = await context.newPage();
    await page.setViewportSize({ width, height });
    page.messages = [];
    page.on('console', m => page.messages.push({ type: m.type(), text: m.text() }));
    page.on('pageerror', e => page.messages.push({ type: 'error', text: 'uncaught: ' + e.message }));
    await page.goto(url);
    return page;
}

// Waits until the page has drawn `frames` more frames than now (Module.downhill.frames).
export async function waitFrames(page, frames, timeout = 60000) {
    const start = await page.evaluate(() => (window.Module && Module.downhill ? Module.downhill.frames : 0));
    await page.waitForFunction(
        n => (window.Module && Module.downhill && (Module.downhill.frames >= n || Module.downhill.failure)),
        start + frames, { timeout, polling: 50 });
    const failure = await page.evaluate(() => Module.downhill.failure);
    if (failure) throw new Error('the page stopped: ' + failure);
}

// Waits until the picture is at rest: `quiet` frames in a row drew nothing new into the canvas
// (Module.downhill.drawn stayed the same), e.g. after a scene has opened or trained to its step.
export async function waitAtRest(page, quiet = 10, timeout = 120000) {
    await waitFrames(page, 1, timeout);
    await page.waitForFunction(q => {
        const d = Module.downhill;
        if (d.failure) return true;
        if (d.restDrawn !== d.drawn) {
            d.restDrawn = d.drawn;
            d.restFrame = d.frames;
        }
        return d.frames - d.restFrame >= q;
    }, quiet, { timeout, polling: 'raf' });
    const failure = await page.evaluate(() => Module.downhill.failure);
    if (failure) throw new Error('the page stopped: ' + failure);
}

// ---- PNG (8-bit greyscale, RGB or RGBA, not interlaced: what Chromium and stb_image_write write) ----

export function decodePng(buffer) {
    if (buffer.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
    let pos = 8, width = 0, height = 0, colorType = 0;
    const idat = [];
    const texts = {};
    while (pos < buffer.length) {
        const length = buffer.readUInt32BE(pos);
        const type = buffer.toString('latin1', pos + 4, pos + 8);
        const body = buffer.subarray(pos + 8, pos + 8 + length);
        if (type === 'IHDR') {
            width = body.readUInt32BE(0);
            height = body.readUInt32BE(4);
            colorType = body[9];
            if (body[8] !== 8 || body[12] !== 0) throw new Error('only 8-bit, non-interlaced PNGs');
        } else if (type === 'IDAT') {
            idat.push(body);
        } else if (type === 'iTXt') { // keyword \0 compression flag, method, language \0 translated \0 text
            const k = body.indexOf(0);
            let p = k + 3;
            p = body.indexOf(0, p) + 1;
            p = body.indexOf(0, p) + 1;
            texts[body.toString('latin1', 0, k)] = body.toString('utf8', p);
        }
        pos += 12 + length;
    }
    const channels = { 0: 1, 2: 3, 6: 4 }[colorType];
    if (!channels) throw new Error('unsupported PNG colour type ' + colorType);
    const raw = inflateSync(Buffer.concat(idat));
    const stride = width * channels;
    const pixels = Buffer.alloc(height * stride);
    for (let y = 0; y < height; ++y) {
        const filter = raw[y * (stride + 1)];
        const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
        for (let x = 0; x < stride; ++x) {
            const a = x >= channels ? pixels[y * stride + x - channels] : 0;
            const b = y > 0 ? pixels[(y - 1) * stride + x] : 0;
            const c = x >= channels && y > 0 ? pixels[(y - 1) * stride + x - channels] : 0;
            let v = line[x];
            if (filter === 1) v += a;
            else if (filter === 2) v += b;
            else if (filter === 3) v += (a + b) >> 1;
            else if (filter === 4) {
                const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
                v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
            }
            pixels[y * stride + x] = v & 255;
        }
    }
    const rgb = Buffer.alloc(width * height * 3);
    for (let i = 0; i < width * height; ++i)
        for (let ch = 0; ch < 3; ++ch) rgb[i * 3 + ch] = pixels[i * channels + (channels === 1 ? 0 : ch)];
    return { width, height, rgb, texts };
}

const kCrcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; ++k) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
});
function crc32(bytes) {
    let c = 0xffffffff;
    for (const b of bytes) c = kCrcTable[(c ^ b) & 255] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
}

export function encodePng(image) {
    const chunk = (type, body) => {
        const head = Buffer.alloc(8);
        head.writeUInt32BE(body.length, 0);
        head.write(type, 4, 'latin1');
        const crc = Buffer.alloc(4);
        crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0);
        return Buffer.concat([head, body, crc]);
    };
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(image.width, 0);
    ihdr.writeUInt32BE(image.height, 4);
    ihdr[8] = 8;
    ihdr[9] = 2;
    const stride = image.width * 3;
    const raw = Buffer.alloc(image.height * (stride + 1));
    for (let y = 0; y < image.height; ++y) image.rgb.copy(raw, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
    return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr),
                          chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

// ---- comparing two pictures ----

// Mean absolute difference per channel (0–255, averaged over every pixel and the three channels), and
// the share of pixels where some channel differs by more than 64 (a local defect that a mean hides).
export function compareImages(a, b) {
    if (a.width !== b.width || a.height !== b.height)
        return { meanAbsDiff: Infinity, farPixels: 1, note: `${a.width}×${a.height} vs ${b.width}×${b.height}` };
    let sum = 0, far = 0;
    for (let i = 0; i < a.width * a.height; ++i) {
        let worst = 0;
        for (let ch = 0; ch < 3; ++ch) {
            const d = Math.abs(a.rgb[i * 3 + ch] - b.rgb[i * 3 + ch]);
            sum += d;
            worst = Math.max(worst, d);
        }
        if (worst > 64) ++far;
    }
    const n = a.width * a.height;
    return { meanAbsDiff: sum / (3 * n), farPixels: far / n };
}

// A PNG whose pixels are |a − b| × 4 (to look at where two pictures differ).
export function diffImage(a, b) {
    const rgb = Buffer.alloc(a.rgb.length);
    for (let i = 0; i < rgb.length; ++i) rgb[i] = Math.min(255, 4 * Math.abs(a.rgb[i] - b.rgb[i]));
    return { width: a.width, height: a.height, rgb };
}

// ---- the desktop program ----

// Renders a scene with the desktop build's `render` (under Xvfb) into a PNG and returns its path.
export function desktopRender(downhill, scenePath, out, width, height, extra = []) {
    execFileSync('xvfb-run', ['-a', '-s', '-screen 0 1920x1080x24', downhill, 'render', '--scene', scenePath,
                              '--size', `${width}x${height}`, '--out', out, ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
    return out;
}
