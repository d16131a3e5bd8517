import { progressPrinter } from '../../../operations/deploy/progress';

function stream(isTTY: boolean) {
  const written: string[] = [];
  const fake = { isTTY, write: (text: string) => written.push(text) > 0 } as unknown as NodeJS.WriteStream;
  return { fake, written };
}

describe('progressPrinter', () => {
  it('prints a changed progress line once each in a CI log, and final lines as they come', () => {
    // Prepare
    const { fake, written } = stream(false);
    const log = progressPrinter(fake);

    // Act
    for (const line of ['1/2\r', '1/2\r', '2/2\r', 'done']) log(line);

    // Assess
    expect(written).toEqual(['1/2\n', '2/2\n', 'done\n']);
  });

  it('overwrites progress in place on a terminal and ends it before the next line', () => {
    // Prepare
    const { fake, written } = stream(true);
    const log = progressPrinter(fake);

    // Act
    for (const line of ['1/2\r', '2/2\r', 'done']) log(line);

    // Assess
    expect(written).toEqual(['\x1b[2K1/2\r', '\x1b[2K2/2\r', '\n', 'done\n']);
  });
});
