import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import WebSocket from 'ws';
import type { FakeSlackApi } from './slack-api.js';

/** A Socket Mode acknowledgement as the client sent it back. */
export interface SocketAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

/**
 * Slack's Socket Mode endpoint, faked like node-slack-sdk's own integration test: the fake Web API's
 * `apps.connections.open` hands out this server's ws:// URL, the server greets with `hello`, pushes
 * envelopes and collects the client's acks. `ws` comes from the tree (botbuilder's dependency).
 */
export class FakeSlackSocket {
  readonly acks: SocketAck[] = [];
  readonly #wss = new WebSocket.Server({ noServer: true });
  #client: WebSocket | undefined;
  #onConnect: (() => void) | undefined;
  #onAck = new Map<string, (ack: SocketAck) => void>();

  constructor(api: FakeSlackApi) {
    api.socketUrl = `${api.url.replace(/^http/, 'ws')}/socket`;
    api.server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
      this.#wss.handleUpgrade(req, socket, head, (ws) => this.#accept(ws));
    });
  }

  /** Resolves once a client has connected and been greeted. */
  connected(): Promise<void> {
    if (this.#client) return Promise.resolve();
    return new Promise((resolve) => {
      this.#onConnect = resolve;
    });
  }

  /** Sends an envelope; resolves with the client's ack for it. */
  send(envelope: { envelope_id: string; type: string; payload: unknown }): Promise<SocketAck> {
    const client = this.#client;
    if (!client) throw new Error('FakeSlackSocket: no client connected');
    const acked = new Promise<SocketAck>((resolve) => this.#onAck.set(envelope.envelope_id, resolve));
    client.send(JSON.stringify({ ...envelope, accepts_response_payload: true, retry_attempt: 0 }));
    return acked;
  }

  /**
   * Waits for the client's close handshake (up to `timeoutMs`), then shuts down. Terminating first
   * would leave the client waiting 30 s for a handshake that never comes, holding the test process.
   */
  async close(timeoutMs = 2000): Promise<void> {
    const client = this.#client;
    if (client && client.readyState !== WebSocket.CLOSED) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        client.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    for (const c of this.#wss.clients) c.terminate();
    this.#wss.close();
  }

  #accept(ws: WebSocket): void {
    this.#client = ws;
    ws.on('message', (data: WebSocket.Data) => {
      const ack = JSON.parse(String(data)) as SocketAck;
      this.acks.push(ack);
      this.#onAck.get(ack.envelope_id)?.(ack);
    });
    ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A1' } }));
    this.#onConnect?.();
  }
}
