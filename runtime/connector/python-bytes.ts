/**
 * Python's `repr()` of a `bytes` object, which is what the original connector published as
 * `raw_message` (`str(raw_msg)` of the bytes it received): `b'...'`, or `b"..."` when the bytes
 * hold a `'` and no `"`. For RAW_MESSAGE_FORMAT=python-bytes (consumers that strip `b'` and `'`).
 */
export function pythonBytesRepr(bytes: Uint8Array): string {
  const hasSingle = bytes.includes(0x27);
  const quote = hasSingle && !bytes.includes(0x22) ? '"' : "'";
  let body = '';
  for (const byte of bytes) {
    if (byte === 0x5c) body += '\\\\';
    else if (byte === quote.charCodeAt(0)) body += `\\${quote}`;
    else if (byte === 0x09) body += '\\t';
    else if (byte === 0x0a) body += '\\n';
    else if (byte === 0x0d) body += '\\r';
    else if (byte < 0x20 || byte >= 0x7f) body += `\\x${byte.toString(16).padStart(2, '0')}`;
    else body += String.fromCharCode(byte);
  }
  return `b${quote}${body}${quote}`;
}
