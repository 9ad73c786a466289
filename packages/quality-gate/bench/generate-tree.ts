import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** A deterministic multi-service source tree of roughly `targetLoc` lines (Node + Python services). */
export function generateTree(root: string, targetLoc = 50_000): { files: number; loc: number; bytes: number; services: string[] } {
  let loc = 0;
  let bytes = 0;
  let files = 0;
  const services: string[] = [];
  const write = (path: string, content: string) => {
    const abs = join(root, path);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, content);
    loc += content.split('\n').length - 1;
    bytes += Buffer.byteLength(content);
    files++;
  };
  const compose: string[] = ['services:'];
  for (let s = 0; loc < targetLoc; s++) {
    const py = s % 2 === 1;
    const name = `svc-${s}-${py ? 'py' : 'js'}`;
    services.push(name);
    compose.push(`  ${name}:`, `    build: ./${name}`, `    image: run4/${name}:1.0.${s}`, '    environment:', `      PEER_URL: http://svc-${s + 1}:8080`);
    if (s % 5 === 3) compose.push('    privileged: true');
    write(`${name}/Dockerfile`, `ARG NODE_IMAGE=node:20-bookworm-slim\nFROM \${NODE_IMAGE}\nWORKDIR /app\nCOPY ${py ? 'app' : 'src'} ./${py ? 'app' : 'src'}\n${s % 3 === 0 ? '' : 'USER node\n'}EXPOSE 8080\nHEALTHCHECK CMD ["node","-e","process.exit(0)"]\nCMD ["node", "src/server.js"]\n`);
    if (s % 4 === 0) {
      const tail = String(s).padStart(4, '0');
      write(`${name}/.env`, `LOG_LEVEL=info\nGITHUB_TOKEN=${'gh' + 'p_'}R8kz2Lq9Xv4Tn7Wm1Pb6Hc3Js5Fd0Ya8${tail}\nSLACK_TOKEN=${'xo' + 'xb-'}2837465019-4728193650-Zk3Pq9Wm2Lr7Tx1V${tail}\n`);
    }
    if (py) write(`${name}/requirements.txt`, 'fastapi==0.110.0\nhttpx==0.27.0\n');
    else write(`${name}/package.json`, JSON.stringify({ name, version: '1.0.0', type: 'module' }, null, 2) + '\n');
    for (let f = 0; f < 12 && loc < targetLoc; f++) {
      const parts: string[] = [];
      if (py) {
        parts.push('import logging\nimport os\nimport httpx\nfrom fastapi import APIRouter, Depends\n', 'logger = logging.getLogger(__name__)\nrouter = APIRouter()\n');
        if (f === 0) parts.push('app = FastAPI()\n\n@app.get("/health")\ndef health():\n    return {"status": "ok"}\n');
        for (let h = 0; h < 14; h++) {
          parts.push(
            `\n@router.get("/items${f}/{item_id}/part${h}")\nasync def get_item_${f}_${h}(item_id: str, user=Depends(get_current_user)):\n    """Return part ${h} of an item."""\n    try:\n        async with httpx.AsyncClient() as client:\n            r = await client.get(f"{os.environ['PEER_URL']}/items/{item_id}", headers={"traceparent": tp()})\n    except httpx.HTTPError as exc:\n        logger.warning("peer failed: %s", exc)\n        raise\n    data = r.json()\n    total = sum(x["qty"] for x in data.get("lines", []))\n    if total > ${h * 3}:\n        logger.info("large item %s", item_id)\n    return {"id": item_id, "total": total, "part": ${h}}\n`,
          );
        }
        if (f === 5) parts.push('\nDB_PASSWORD = "hunter2-' + s + 'x"\n');
        if (f === 7) parts.push('\ndef debug(x):\n    print(x)\n');
      } else {
        parts.push("import { createServer } from 'node:http';\nimport { logger } from './logger.js';\n");
        if (f === 0) parts.push("export const server = createServer((req, res) => {\n  if (req.url === '/health') return res.end('{\"status\":\"ok\"}');\n  return route(req, res);\n});\n");
        for (let h = 0; h < 14; h++) {
          parts.push(
            `\n/** Handler ${h} of module ${f}. */\nexport async function handle${f}_${h}(req, res) {\n  const id = req.params?.id ?? 'none';\n  let body;\n  try {\n    const r = await fetch(\`\${process.env.PEER_URL}/items/\${id}\`, { headers: { traceparent: req.headers.traceparent ?? '' } });\n    body = await r.json();\n  } catch (err) {\n    logger.error('peer failed', { err: String(err) });\n    res.statusCode = 502;\n    return res.end();\n  }\n  const total = (body.lines ?? []).reduce((a, l) => a + l.qty, 0);\n  if (total > ${h * 3}) logger.info('large item', { id, total });\n  res.setHeader('content-type', 'application/json');\n  res.end(JSON.stringify({ id, total, part: ${h} }));\n}\n`,
          );
        }
        if (f === 4) parts.push("\nconst apiKey = process.env.API_KEY || '" + 'a8f5f167f44f4964e6c998dee827' + String(s).padStart(4, '0') + "';\n");
        if (f === 6) parts.push("\nexport const boot = () => console.log('booted');\n");
      }
      write(`${name}/${py ? 'app' : 'src'}/module_${f}.${py ? 'py' : 'js'}`, parts.join(''));
    }
  }
  write('docker-compose.yml', compose.join('\n') + '\n');
  return { files, loc, bytes, services };
}
