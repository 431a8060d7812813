/**
 * `npm run bench`: runs each area's benchmark and prints its figures beside their references and
 * targets. Areas: esco, eurostat, ops, web. `npm run bench -- esco` runs one.
 */
const areas = ['esco', 'eurostat', 'ops', 'web'] as const;

const wanted = process.argv.slice(2);
for (const area of areas) {
  if (wanted.length && !wanted.includes(area)) continue;
  const mod = (await import(`./${area}.js`)) as { run: () => Promise<void> };
  console.log(`\n=== ${area} ===`);
  await mod.run();
}
