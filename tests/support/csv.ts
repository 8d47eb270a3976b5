/** A strict RFC 4180 reader, to check that what is written reads back the same. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      i++;
      while (true) {
        if (text[i] === '"' && text[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (text[i] === '"') break;
        else if (i >= text.length) throw new Error('unterminated quote');
        else field += text[i++];
      }
      i++;
    } else if (text[i] === ',') {
      record.push(field);
      field = '';
      i++;
    } else if (text[i] === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      field = '';
      record = [];
      i += 2;
    } else if (text[i] === '"' || text[i] === '\n' || text[i] === '\r') {
      throw new Error(`bare ${JSON.stringify(text[i])} at ${i}`);
    } else {
      field += text[i++];
    }
  }
  if (field !== '' || record.length > 0) throw new Error('last record not ended by CRLF');
  return records;
}
