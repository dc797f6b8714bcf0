import { connect, createServer, type Server, type Socket } from "node:net";

/** A TCP relay to a server that a test can cut off (every connection dropped, none accepted) and restore. */
export interface TcpProxy {
  readonly port: number;
  cut(): Promise<void>;
  /** Cuts off as soon as a client sends bytes holding `marker` (in the middle of a given query, say). */
  cutWhenClientSends(marker: string): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let watch: ((chunk: Buffer) => void) | undefined;
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
  };
  const relay = (client: Socket) => {
    const upstream = connect(target.port, target.host);
    track(client);
    track(upstream);
    client.on("data", (chunk: Buffer) => watch?.(chunk));
    client.pipe(upstream).pipe(client);
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  };
  let server: Server | undefined;
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const listening = createServer(relay);
      listening.once("error", reject);
      listening.listen(port, "127.0.0.1", () => {
        server = listening;
        const address = listening.address();
        resolve(typeof address === "object" && address ? address.port : port);
      });
    });
  const cut = async () => {
    const closing = server;
    server = undefined;
    for (const socket of sockets) socket.destroy();
    if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
  };
  const cutWhenClientSends = (marker: string) =>
    new Promise<void>((resolve) => {
      watch = (chunk) => {
        if (!chunk.includes(marker)) return;
        watch = undefined;
        void cut().then(resolve);
      };
    });
  const port = await listen(0);
  return { port, cut, cutWhenClientSends, restore: async () => void (await listen(port)), close: cut };
}
