// The StreamCluster web player: LL-HLS through hls.js where Media Source Extensions exist, the
// browser's own HLS where it has one (Safari, iPhone), or HTTP-FLV through mpegts.js (?mode=flv).
// It shows the state and the live latency, and exposes both as window.streamclusterPlayer for
// tests and monitoring.
(function () {
  'use strict';

  const stream = document.body.dataset.stream;
  const video = document.getElementById('video');
  const params = new URLSearchParams(location.search);
  const mode = params.get('mode') === 'flv' ? 'flv' : 'hls';
  const playlist = '/live/' + encodeURIComponent(stream) + '/index.m3u8';
  const flv = '/live/' + encodeURIComponent(stream) + '.flv';

  const status = {
    stream: stream,
    mode: mode,
    engine: null,
    state: 'starting',
    // Milliseconds from the publisher's clock (EXT-X-PROGRAM-DATE-TIME) to the playback position;
    // null until known. With HTTP-FLV, which carries no clock, the buffered time ahead instead.
    latencyMs: null,
    latencySource: null,
    // hls.js's own view: how far behind the playlist's live edge it plays, and what it aims at.
    edgeLatencyMs: null,
    targetLatencyMs: null,
    stalls: 0,
    currentTime: 0,
    errors: [],
  };
  window.streamclusterPlayer = status;

  const show = (id, text) => { document.getElementById(id).textContent = text; };
  const setState = (state) => { status.state = state; show('state', state); };
  const fail = (message) => {
    status.errors.push(message);
    const error = document.getElementById('error');
    error.hidden = false;
    error.textContent = message;
  };

  document.getElementById('mode-' + mode).classList.add('active');
  show('server', location.host);
  document.getElementById('unmute').addEventListener('click', () => {
    video.muted = false;
    video.play();
  });
  video.addEventListener('playing', () => setState('playing'));
  video.addEventListener('waiting', () => {
    if (status.state === 'playing') {
      status.stalls++;
    }
    setState('buffering');
  });
  video.addEventListener('stalled', () => setState('buffering'));
  video.addEventListener('error', () => {
    const e = video.error;
    fail('video error ' + (e ? e.code + ' ' + (e.message || '') : ''));
    setState('error');
  });

  let playingDate = () => null;
  let liveEdge = () => [null, null];

  if (mode === 'flv') {
    startFlv();
  } else if (window.Hls && Hls.isSupported()) {
    startHlsJs();
  } else if (video.canPlayType('application/vnd.apple.mpegurl')) {
    startNative();
  } else {
    fail('this browser plays neither HLS nor Media Source Extensions');
    setState('unsupported');
  }

  function startHlsJs() {
    status.engine = 'hls.js ' + Hls.version + ' (low latency)';
    const hls = new Hls({ lowLatencyMode: true, backBufferLength: 30, maxLiveSyncPlaybackRate: 1.1 });
    hls.on(Hls.Events.ERROR, (event, data) => {
      if (data.fatal) {
        fail('hls.js: ' + data.type + ' ' + data.details);
        if (data.type === Hls.ErrorTypes.NETWORK_ERROR) {
          setState('reconnecting');
          setTimeout(() => hls.loadSource(playlist), 2000);
        } else if (data.type === Hls.ErrorTypes.MEDIA_ERROR) {
          hls.recoverMediaError();
        } else {
          setState('error');
        }
      }
    });
    hls.loadSource(playlist);
    hls.attachMedia(video);
    playingDate = () => hls.playingDate;
    liveEdge = () => [hls.latency, hls.targetLatency];
    video.play().catch(() => {});
    setState('connecting');
  }

  function startNative() {
    status.engine = 'native HLS';
    video.src = playlist;
    playingDate = () => {
      const start = typeof video.getStartDate === 'function' ? video.getStartDate() : null;
      return start && !isNaN(start.getTime()) ? new Date(start.getTime() + video.currentTime * 1000) : null;
    };
    video.play().catch(() => {});
    setState('connecting');
  }

  function startFlv() {
    if (!window.mpegts || !mpegts.getFeatureList().mseLivePlayback) {
      fail('HTTP-FLV needs Media Source Extensions');
      setState('unsupported');
      return;
    }
    status.engine = 'mpegts.js ' + (mpegts.version || '') + ' (HTTP-FLV)';
    const player = mpegts.createPlayer(
      { type: 'flv', isLive: true, url: new URL(flv, location.href).href },
      { enableStashBuffer: false, liveBufferLatencyChasing: true, liveBufferLatencyMaxLatency: 1.5 });
    player.on(mpegts.Events.ERROR, (type, details) => fail('mpegts.js: ' + type + ' ' + details));
    player.attachMediaElement(video);
    player.load();
    player.play();
    setState('connecting');
  }

  show('engine', status.engine || '–');

  setInterval(() => {
    status.currentTime = video.currentTime;
    const [edge, target] = liveEdge();
    status.edgeLatencyMs = edge ? edge * 1000 : null;
    status.targetLatencyMs = target ? target * 1000 : null;
    const date = playingDate();
    if (date && video.currentTime > 0) {
      status.latencyMs = Date.now() - date.getTime();
      status.latencySource = 'program date time';
    } else if (mode === 'flv' && video.buffered.length > 0) {
      status.latencyMs = (video.buffered.end(video.buffered.length - 1) - video.currentTime) * 1000;
      status.latencySource = 'buffer ahead';
    }
    if (status.latencyMs !== null) {
      show('latency', (status.latencyMs / 1000).toFixed(2) + ' s' +
        (status.latencySource === 'buffer ahead' ? ' buffered' : ' behind the publisher'));
    }
  }, 500);
})();
