// The sign-in page's reference: a bare node:http server answering GET /login with the exact bytes
// and headers the app answered (read from the file given as argv[2]), and nothing else.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';

const saved = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as { status: number; headers: [string, string][]; body: string };
const body = Buffer.from(saved.body, 'base64');
const headers = Object.fromEntries(saved.headers);

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url?.split('?')[0] === '/login') {
    res.writeHead(saved.status, headers);
    res.end(body);
  } else {
    res.writeHead(404).end();
  }
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('listening'));
for (const s of ['SIGINT', 'SIGTERM'] as const) process.on(s, () => server.close(() => process.exit(0)));
