// Notices for the operator (the rehearsal banner, stand-in values) on stderr, wrapped at word
// boundaries to the terminal's width; to a file or pipe, one line each, as written.

/** Breaks each line of `text` at spaces so that no line is longer than `width` (a longer word stays whole). */
export function wrapWords(text: string, width: number): string {
  return text
    .split('\n')
    .map((line) => {
      if (line.length <= width) return line;
      const rows: string[] = [];
      let row = '';
      for (const word of line.split(' ')) {
        if (row !== '' && row.length + 1 + word.length > width) {
          rows.push(row);
          row = word;
        } else {
          row = row === '' ? word : `${row} ${word}`;
        }
      }
      if (row !== '') rows.push(row);
      return rows.join('\n');
    })
    .join('\n');
}

export function writeNotice(message: string, stream: NodeJS.WriteStream = process.stderr): void {
  const width = stream.isTTY && stream.columns ? stream.columns - 1 : undefined;
  stream.write(`${width ? wrapWords(message, width) : message}\n`);
}
