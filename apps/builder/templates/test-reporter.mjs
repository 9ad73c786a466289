// node:test reporter used by the reference builder: one JSON line per
// finished test, so the builder can count results per endpoint.
export default async function* reporter(source) {
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const data = event.data;
    if (data.details?.type === 'suite') continue;
    const error = event.type === 'test:fail' ? data.details?.error : undefined;
    const message = error ? String(error.cause?.message ?? error.cause ?? error.message ?? error).split('\n').slice(0, 6).join('\n') : undefined;
    yield `${JSON.stringify({
      status: event.type === 'test:pass' ? 'pass' : 'fail',
      name: data.name,
      nesting: data.nesting,
      file: data.file,
      skip: Boolean(data.skip),
      todo: Boolean(data.todo),
      duration_ms: data.details?.duration_ms,
      ...(message ? { error: message } : {}),
    })}\n`;
  }
}
