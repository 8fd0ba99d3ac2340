// The few types of `ws` the Slack emulator uses. `ws` comes with @slack/socket-mode (Bolt's Socket
// Mode client); its own type package is not a dependency of this project.
declare module 'ws' {
  import type { Server } from 'node:http';

  export class WebSocket {
    send(data: string): void;
    terminate(): void;
    on(event: 'message', listener: (data: Buffer) => void): this;
  }

  export class WebSocketServer {
    constructor(options: { server: Server; path?: string });
    readonly clients: Set<WebSocket>;
    on(event: 'connection', listener: (socket: WebSocket) => void): this;
    close(): void;
  }
}
