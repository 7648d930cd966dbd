import {expect} from 'chai'

import {compileTypeScript, transpilerFor} from '../../src/loader/compile'

const REVISION = `/**
 * add orders
 */
import type {MigrationContext} from 'sequelize-migrate'

export const revision = 'a1b2c3d4e5f6'
export const downRevision: string | null = null

export async function up({queryInterface}: MigrationContext): Promise<void> {
  throw new Error('line 10')
}
`

const MODEL = `import {Column, Model, Table} from 'sequelize-typescript'

@Table
export class Order extends Model {
  @Column
  declare total: number
}
`

function evaluate(code: string): Record<string, unknown> {
  const module = {exports: {} as Record<string, unknown>}
  new Function('exports', 'require', 'module', code)(module.exports, require, module)
  return module.exports
}

describe('compiling TypeScript', () => {
  it('strips types only where no decorator metadata is needed', () => {
    expect(transpilerFor(REVISION)).to.equal('sucrase')
    expect(transpilerFor(MODEL)).to.equal('typescript')
    expect(transpilerFor('@Column({type: DataTypes.STRING})\ndeclare name: string\n')).to.equal('typescript')
    // an e-mail address in a string is no decorator
    expect(transpilerFor("export const owner = 'ops@example.com'\n")).to.equal('sucrase')
    expect(transpilerFor('export namespace Shapes { export const circle = 1 }\n')).to.equal('typescript')
  })

  it('a revision compiled by stripping types keeps its line numbers and exports', async () => {
    const code = compileTypeScript(REVISION, '/app/migrations/versions/a1b2c3d4e5f6_add_orders.ts')
    const exports = evaluate(code)
    expect(exports.revision).to.equal('a1b2c3d4e5f6')
    expect(exports.downRevision).to.equal(null)
    const lines = code.split('\n')
    expect(lines.findIndex((line) => line.includes("throw new Error('line 10')"))).to.equal(9)
  })

  it('a model gets the decorator metadata sequelize-typescript reads', () => {
    const code = compileTypeScript(MODEL, '/app/models/order.ts')
    expect(code).to.include('__metadata("design:type", Number)')
  })

  it('a namespace survives (it goes through TypeScript)', () => {
    const exports = evaluate(compileTypeScript('export namespace Shapes { export const circle = 1 }\n', '/app/shapes.ts'))
    expect((exports.Shapes as {circle: number}).circle).to.equal(1)
  })

  it('a syntax error names file:line:column, whichever transpiler read the file first', () => {
    expect(() => compileTypeScript("export const revision = 'x'\nexport const up = (\n", '/app/migrations/versions/broken.ts'))
      .to.throw(/broken\.ts:2:20: Expression expected.*fix the syntax error/)
      .with.property('code', 'COMPILE_FAILED')
  })
})
