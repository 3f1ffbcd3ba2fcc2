// The JavaScript half of app/platform/platform_web.cpp, linked with --js-library. Each dh_web_* function
// is declared extern "C" there. Besides, before main() runs, the browser's IndexedDB is mounted where the
// core keeps its state (stateDirectory(): $HOME/.local/state/downhill), so the autosave is read at start
// and survives the visit (dh_web_persist writes it back).
//
// For tests and the page (web/index.html), Module.downhill collects: frames (drawn so far),
// firstFrameMs (performance.now() at the end of the first one), frameMs (how long each of the last 600
// frames took in WebAssembly, in ms: the CPU side; the browser rasterises afterwards), drawn (frames
// drawn into the canvas: it stops growing when the picture is at rest), downloads
// ({name, bytes} of each file offered), clipboard (the last text copied) and failure (the message that
// stopped the page, if any).

mergeInto(LibraryManager.library, {
  $dhWeb__postset: 'dhWeb.init();',
  $dhWeb: {
    stateDir: '/home/web_user/.local/state/downhill',
    syncing: false,
    syncAgain: false,
    picker: null,
    fetches: {},
    init: function() {
      Module['downhill'] = {frames: 0, firstFrameMs: 0, frameMs: [], drawn: 0, downloads: [], clipboard: '', failure: ''};
      addOnPreRun(function() {
        FS.mkdirTree(dhWeb.stateDir);
        FS.mount(IDBFS, {}, dhWeb.stateDir);
        addRunDependency('dh-storage');
        FS.syncfs(true, function(err) {
          if (err) console.warn('Downhill: the browser storage could not be read; the autosave starts afresh', err);
          removeRunDependency('dh-storage');
        });
      });
      // A file dropped beside the canvas must not replace the page.
      document.addEventListener('dragover', function(e) { e.preventDefault(); });
      document.addEventListener('drop', function(e) { e.preventDefault(); });
      window.addEventListener('pagehide', function() { dhWeb.persist(); });
    },
    persist: function() {
      if (dhWeb.syncing) {
        dhWeb.syncAgain = true;
        return;
      }
      dhWeb.syncing = true;
      FS.syncfs(false, function(err) {
        if (err) console.warn('Downhill: the autosave could not be stored in the browser', err);
        dhWeb.syncing = false;
        if (dhWeb.syncAgain) {
          dhWeb.syncAgain = false;
          dhWeb.persist();
        }
      });
    },
    mimeType: function(name) {
      var types = {png: 'image/png', gif: 'image/gif', json: 'application/json', csv: 'text/csv'};
      return types[name.split('.').pop().toLowerCase()] || 'application/octet-stream';
    },
    copyFallback: function(text) {
      var area = document.createElement('textarea');
      area.value = text;
      area.style.position = 'fixed';
      area.style.opacity = '0';
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try {
        ok = document.execCommand('copy');
      } catch (e) {
      }
      area.remove();
      return ok;
    },
  },

  dh_web_download__deps: ['$dhWeb'],
  dh_web_download: function(pathPtr) {
    var path = UTF8ToString(pathPtr);
    var bytes = FS.readFile(path);
    FS.unlink(path);
    var name = path.split('/').pop();
    var url = URL.createObjectURL(new Blob([bytes], {type: dhWeb.mimeType(name)}));
    var link = document.createElement('a');
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function() { URL.revokeObjectURL(url); }, 60000);
    Module['downhill'].downloads.push({name: name, bytes: bytes});
  },

  // The chosen files go the way of dropped ones: a drop event on the canvas, which emscripten's GLFW turns
  // into files in the in-memory file system and a call of the window's drop callback.
  dh_web_pick_files__deps: ['$dhWeb'],
  dh_web_pick_files: function() {
    if (!dhWeb.picker) {
      dhWeb.picker = document.createElement('input');
      dhWeb.picker.type = 'file';
      dhWeb.picker.accept = '.json,.png,application/json,image/png';
      dhWeb.picker.style.display = 'none';
      dhWeb.picker.addEventListener('change', function() {
        var transfer = new DataTransfer();
        for (var i = 0; i < dhWeb.picker.files.length; ++i) transfer.items.add(dhWeb.picker.files[i]);
        dhWeb.picker.value = '';
        Module['canvas'].dispatchEvent(new DragEvent('drop', {dataTransfer: transfer, cancelable: true}));
      });
      document.body.appendChild(dhWeb.picker);
    }
    dhWeb.picker.click();
  },

  // Files beside the page into the in-memory file system, with progress (for Fashion-MNIST's 30 MB).
  dh_web_fetch__deps: ['$dhWeb'],
  dh_web_fetch: function(urlPtr, dirPtr, namesPtr, bytesPtr, totalPtr, errorPtr) {
    var dir = UTF8ToString(dirPtr);
    var job = dhWeb.fetches[dir];
    if (!job) {
      var url = UTF8ToString(urlPtr).replace(/\/$/, '');
      var names = UTF8ToString(namesPtr).split('\n');
      job = dhWeb.fetches[dir] = {bytes: 0, sizes: {}, count: names.length, left: names.length, error: ''};
      FS.mkdirTree(dir);
      names.forEach(function(name) {
        var where = url + '/' + name;
        fetch(where).then(function(response) {
          if (!response.ok) throw new Error('HTTP ' + response.status);
          job.sizes[name] = +(response.headers.get('Content-Length') || 0);
          var reader = response.body.getReader(), parts = [], got = 0;
          function pump() {
            return reader.read().then(function(r) {
              if (r.done) return;
              parts.push(r.value);
              got += r.value.length;
              job.bytes += r.value.length;
              return pump();
            });
          }
          return pump().then(function() {
            var all = new Uint8Array(got), at = 0;
            parts.forEach(function(p) { all.set(p, at); at += p.length; });
            FS.writeFile(dir + '/' + name, all);
            job.left--;
          });
        }).catch(function(e) {
          job.error = job.error || (where + ': ' + e.message);
          job.left--;
        });
      });
    }
    var known = Object.keys(job.sizes), total = 0;
    known.forEach(function(k) { total = job.sizes[k] && total >= 0 ? total + job.sizes[k] : -1; });
    HEAPF64[bytesPtr >> 3] = job.bytes;
    HEAPF64[totalPtr >> 3] = known.length === job.count && total > 0 ? total : 0;
    HEAP32[errorPtr >> 2] = job.error ? allocateUTF8(job.error) : 0;
    return job.left === 0 ? 1 : 0;
  },

  dh_web_persist__deps: ['$dhWeb'],
  dh_web_persist: function() {
    dhWeb.persist();
  },

  dh_web_page_address: function() {
    return allocateUTF8(location.origin + location.pathname + location.search);
  },

  dh_web_url_fragment: function() {
    return allocateUTF8(location.hash.replace(/^#/, ''));
  },

  dh_web_set_url_fragment: function(fragmentPtr) {
    var fragment = UTF8ToString(fragmentPtr);
    history.replaceState(history.state, '', fragment ? '#' + fragment : location.pathname + location.search);
  },

  dh_web_copy_to_clipboard__deps: ['$dhWeb'],
  dh_web_copy_to_clipboard: function(textPtr) {
    var text = UTF8ToString(textPtr);
    Module['downhill'].clipboard = text;
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).catch(function() { dhWeb.copyFallback(text); });
      return 1;
    }
    return dhWeb.copyFallback(text) ? 1 : 0;
  },

  dh_web_toggle_fullscreen: function() {
    if (document.fullscreenElement) {
      document.exitFullscreen();
    } else if (document.documentElement.requestFullscreen) {
      document.documentElement.requestFullscreen().catch(function(e) {
        console.warn('Downhill: the browser refused fullscreen', e);
      });
    }
  },

  // The canvas follows the page's size. Through Browser.setCanvasSize, whose listener tells GLFW: its
  // glfwSetWindowSize would ask for fullscreen whenever the size equals the screen's (a maximised
  // browser in fullscreen mode, a phone), which browsers refuse outside a user gesture.
  dh_web_fit_canvas__deps: ['$Browser'],
  dh_web_fit_canvas: function() {
    var width = window.innerWidth | 0, height = window.innerHeight | 0, canvas = Module['canvas'];
    if (width > 0 && height > 0 && (canvas.width !== width || canvas.height !== height))
      Browser.setCanvasSize(width, height);
  },

  dh_web_frame_done: function(milliseconds, drawn) {
    var d = Module['downhill'];
    d.drawn = drawn;
    d.frameMs.push(milliseconds);
    if (d.frameMs.length > 600) d.frameMs.shift();
    if (++d.frames === 1) {
      d.firstFrameMs = performance.now();
      if (Module['onFirstFrame']) Module['onFirstFrame']();
    }
  },

  dh_web_fail: function(messagePtr) {
    var message = UTF8ToString(messagePtr);
    Module['downhill'].failure = message;
    console.error('Downhill stopped: ' + message);
    if (Module['onFailure']) Module['onFailure'](message);
  },
});
