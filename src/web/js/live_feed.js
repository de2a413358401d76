// The WebSocket: subscribes to the channels, hands pushes over in sequence and asks for a REST resync when
// the sequence shows a gap (and after every (re)connect, from the ack's seq). Reconnects by itself with a
// growing delay. The token rides in the subprotocol list (bearer.<token>): browsers cannot set headers here,
// and a URL would end up in logs.

const MAX_DELAY_MS = 8000;

export class LiveFeed {
  // channels: ["orders", "quotes:SPY", ...]; onPush(channel, data); resync(channels) -> Promise;
  // onState("connecting" | "live" | "reconnecting", detail).
  constructor({ token, channels, onPush, resync, onState }) {
    Object.assign(this, { token, channels, onPush, resync, onState });
    this.seq = new Map();       // channel -> last applied seq
    this.pending = null;        // pushes that arrive while a resync runs
    this.failures = 0;
    this.stopped = false;
  }

  start() { this.connect(); }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.socket) this.socket.close();
  }

  connect() {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    this.onState(this.failures ? 'reconnecting' : 'connecting');
    let socket;
    try {
      socket = new WebSocket(`${scheme}://${location.host}/api/v1/ws`, ['nightdesk.v1', `bearer.${this.token}`]);
    } catch (e) {  // a token with characters a subprotocol cannot carry ("/", "=", spaces)
      this.onState('offline', 'this token cannot be sent as a WebSocket subprotocol');
      return;
    }
    this.socket = socket;
    socket.onopen = () => socket.send(JSON.stringify({ op: 'subscribe', channels: this.channels, id: 1 }));
    socket.onmessage = (event) => this.receive(JSON.parse(event.data));
    socket.onclose = () => {
      if (this.socket !== socket || this.stopped) return;
      this.failures += 1;
      const delay = Math.min(MAX_DELAY_MS, 250 * 2 ** this.failures);
      this.onState('reconnecting', `retry in ${(delay / 1000).toFixed(1)} s`);
      this.timer = setTimeout(() => this.connect(), delay);
    };
  }

  receive(message) {
    if (message.type === 'ack') return this.subscribed(message.seq || {});
    if (message.type === 'error') return console.warn('nightdesk ws:', message.error);
    if (!message.channel) return;
    if (this.pending) return this.pending.push(message);
    this.apply(message);
  }

  // The ack's seq is the last one published before the subscription: read the state, then apply what follows.
  async subscribed(seqs) {
    for (const channel of this.channels) this.seq.set(channel, seqs[channel] || 0);
    await this.resyncAround(this.channels);
    this.failures = 0;
    this.onState('live');
  }

  apply(message) {
    const { channel, seq, data } = message;
    const last = this.seq.get(channel) || 0;
    if (seq <= last) return;  // already covered by the REST read
    this.seq.set(channel, seq);
    this.onPush(channel, data);
    // Quotes are latest-value-wins (dropped first under load): a gap there needs no resync.
    if (seq > last + 1 && !channel.startsWith('quotes:')) this.resyncAround([channel]);
  }

  async resyncAround(channels) {
    if (this.pending) return;  // one at a time; the running one reads everything anyway
    this.pending = [];
    try {
      await this.resync(channels);
    } catch (e) {
      console.warn('nightdesk resync failed:', e.message);
    } finally {
      const queued = this.pending;
      this.pending = null;
      for (const message of queued) this.apply(message);
    }
  }
}
