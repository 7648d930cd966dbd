import {expect} from 'chai'

import {readRevisionHeader} from '../../src/script/revision-header'

const body = (exports: string) => `/**\n * add orders\n */\n${exports}\nexport async function up() {}\nexport async function down() {}\n`

describe('reading a revision header from its text', () => {
  it('reads literal ids, labels and transactional = false', () => {
    expect(readRevisionHeader(body("export const revision = 'b2'\nexport const downRevision: string | null = 'a1'"))).to.deep.equal({revision: 'b2', downRevisions: ['a1'], branchLabels: []})
    expect(readRevisionHeader(body("exports.revision = 'm3'\nexports.downRevision = ['a1', 'b2']\nexports.branchLabels = 'billing'\nexports.transactional = false")))
      .to.deep.equal({revision: 'm3', downRevisions: ['a1', 'b2'], branchLabels: ['billing'], transactional: false})
  })

  it('leaves to the module what is not a plain literal', () => {
    expect(readRevisionHeader(body("export const revision = 'b2'\nexport const downRevision = null\nexport const branchLabels = LABELS"))).to.equal(undefined)
    expect(readRevisionHeader(body("export const revision = 'b2'\nexport const downRevision = null\nexport const transactional = !process.env.X"))).to.equal(undefined)
    expect(readRevisionHeader(body("export const revision = ID\nexport const downRevision = null"))).to.equal(undefined)
    expect(readRevisionHeader("export const revision = 'b2'\nexport const downRevision = null\n")).to.equal(undefined)
  })
})
