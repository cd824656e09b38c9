import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const fixture = fileURLToPath(new URL('./misspelt-field.fixture.ts', import.meta.url));
const tsconfig = fileURLToPath(new URL('../../tsconfig.json', import.meta.url));

describe('typed end to end', () => {
  it('the compiler catches a misspelt message field in a handler, sending and reading', () => {
    const config = ts.getParsedCommandLineOfConfigFile(tsconfig, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
    const program = ts.createProgram([fixture], config.options);
    const diagnostics = ts.getPreEmitDiagnostics(program).filter((d) => d.file?.fileName === fixture);
    const lines = readFileSync(fixture, 'utf8').split('\n');
    const lineOf = (marker: string) => lines.findIndex((l) => l.includes(marker));
    const found = diagnostics.map((d) => ({
      line: d.file!.getLineAndCharacterOfPosition(d.start!).line,
      text: ts.flattenDiagnosticMessageText(d.messageText, ' '),
    }));
    expect(found).toHaveLength(2);
    expect(found[0]).toMatchObject({ line: lineOf('TYPO-SEND') });
    expect(found[0]!.text).toMatch(/'rnd' does not exist in type/);
    expect(found[1]).toMatchObject({ line: lineOf('TYPO-READ') });
    expect(found[1]!.text).toMatch(/Property 'rond' does not exist on type 'Msg'/);
  }, 30_000);
});
