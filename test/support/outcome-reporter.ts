// Lists, after the run, every test that failed and every test that passed only on a retry (CI retries once), one line
// each, so the CI summary names them instead of leaving them in thousands of lines of output.
import path from 'node:path'
import type { Reporter, TestCase } from 'vitest/node'

export default class OutcomeReporter implements Reporter {
  private readonly failed: string[] = []
  private readonly flaky: string[] = []

  onTestCaseResult(testCase: TestCase): void {
    const where = `${path.relative(process.cwd(), testCase.module.moduleId)} > ${testCase.fullName}`
    const { state, errors } = testCase.result()
    const retries = testCase.diagnostic()?.retryCount ?? 0
    if (state === 'failed') this.failed.push(`${where}: ${firstLine(errors?.[0]?.message)}`)
    else if (state === 'passed' && retries > 0)
      // vitest keeps the failed attempts' errors on a test that passed on a retry: the first says what was flaky.
      this.flaky.push(
        `${where} (passed after ${retries} retry)${errors?.length ? `: ${firstLine(errors[0]!.message)}` : ''}`,
      )
  }

  onTestRunEnd(): void {
    for (const line of this.failed) console.log(`Outcome failed: ${line}`)
    for (const line of this.flaky) console.log(`Outcome flaky: ${line}`)
  }
}

function firstLine(message: string | undefined): string {
  return (message ?? 'no message').split('\n')[0]!.slice(0, 300)
}
