// Preloaded (`node --import`) into the importer when GNU time is missing: prints the process's
// peak RSS on exit, in the line the import benchmark reads.
process.on('exit', () => {
  process.stderr.write(`bench-max-rss-kb: ${process.resourceUsage().maxRSS}\n`);
});
