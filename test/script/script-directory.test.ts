import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {expect} from 'chai'

import {listRevisionFiles, ScriptDirectory} from '../../src/script/script-directory'

const revision = (id: string, parent: string | null, extra = '') =>
  `/**\n * step ${id}\n *\n * Create Date: 2024-01-0${id.length}\n */\nexports.revision = '${id}'\nexports.downRevision = ${parent === null ? 'null' : `'${parent}'`}\n${extra}exports.up = async () => {}\nexports.down = async () => {}\n`

describe('reading a versions folder', () => {
  let root: string
  let versions: string
  const cwd = process.cwd()

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'sm-scripts-'))
    versions = join(root, 'versions')
    mkdirSync(versions)
    writeFileSync(join(versions, 'b_second.js'), revision('b', 'a', 'exports.transactional = false\n'))
    writeFileSync(join(versions, 'a_first.js'), revision('a', null))
    writeFileSync(join(versions, '_helpers.js'), 'exports.x = 1\n')
  })
  afterEach(() => {
    process.chdir(cwd)
    rmSync(root, {recursive: true, force: true})
  })

  it('lists revision files as path.join names them, however the folder is spelled', () => {
    const expected = [join(versions, 'a_first.js'), join(versions, 'b_second.js')]
    for (const spelling of [versions, `${versions}/`, join(versions, '..', 'versions')]) {
      expect(listRevisionFiles(spelling), spelling).to.deep.equal(expected)
    }
    process.chdir(versions)
    expect(listRevisionFiles('.')).to.deep.equal(['a_first.js', 'b_second.js'])
    expect(listRevisionFiles(join(root, 'missing'))).to.deep.equal([])
  })

  it('reads each revision from its text, with its file and the path shown in messages', async () => {
    process.chdir(root)
    const scripts = await ScriptDirectory.load(`${versions}/`)
    expect(scripts.info('b')).to.deep.equal({
      revision: 'b', downRevisions: ['a'], branchLabels: [], transactional: false,
      message: 'step b', createDate: '2024-01-01', file: join(versions, 'b_second.js'), path: join('versions', 'b_second.js'),
    })
    expect(Object.keys(scripts.info('a'))).to.deep.equal(['revision', 'downRevisions', 'branchLabels', 'message', 'createDate', 'file', 'path'])
    process.chdir(versions)
    expect((await ScriptDirectory.load(versions)).info('a').path).to.equal('a_first.js')
  })
})
