// A Node script under the original contract: ARGS, META and CONFIG are globals; what it logs is the answer.
console.log(JSON.stringify({ owner: CONFIG.NOTES_OWNER, limit: CONFIG.max_notes, method: META.method }));
