import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {expect} from 'chai'

import {checksumOf, checksumOfFile} from '../../src/script/checksum'
import {ScriptDirectory} from '../../src/script/script-directory'

const revisionText = (revision: string, parent: string | null) => [
  '/**',
  ' * add prices in €, for the naïve café',
  ' *',
  ` * Revision ID: ${revision}`,
  ' */',
  `exports.revision = '${revision}'`,
  `exports.downRevision = ${parent === null ? 'null' : `'${parent}'`}`,
  'exports.up = async () => {}',
  'exports.down = async () => {}',
  '',
].join('\n')

// What earlier versions recorded for `revisionText('c0ffee', null)` (plain SHA-256 of its UTF-8 bytes): it must not move.
const RECORDED = '851cb18b8ee369c3ac9c6be6d8c5287b5d16f10ff627a83b7eb7bd1fac7edb8c'

describe('revision checksums', () => {
  let root: string
  let versions: string

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'sm-checksum-'))
    versions = join(root, 'versions')
    mkdirSync(versions)
  })
  afterEach(() => rmSync(root, {recursive: true, force: true}))

  it('is the SHA-256 of the text, whatever its line endings or byte-order mark', () => {
    const text = revisionText('c0ffee', null)
    expect(checksumOf(text)).to.equal(RECORDED)
    expect(checksumOf(`\uFEFF${text.replace(/\n/g, '\r\n')}`)).to.equal(RECORDED)
    expect(checksumOf(text.replace(/\n/g, '\r'))).to.equal(RECORDED)
    expect(checksumOf(`${text}// edited\n`)).not.to.equal(RECORDED)
  })

  it('is the same from the text the folder read as from the file', async () => {
    const files = {
      a1: revisionText('a1', null),
      // Read for the graph as text, so their checksums come from memory.
      b2: `\uFEFF${revisionText('b2', 'a1')}`,
      c3: revisionText('c3', 'b2').replace(/\n/g, '\r\n'),
      // An id the header reader does not take: the module is loaded, and the checksum reads the file.
      d4: `\uFEFF${revisionText('d4', 'c3').replace("exports.revision = 'd4'", "exports.revision = ['d', '4'].join('')").replace(/\n/g, '\r\n')}`,
    }
    for (const [revision, text] of Object.entries(files)) writeFileSync(join(versions, `${revision}_x.js`), text)
    const scripts = await ScriptDirectory.load(versions)
    for (const revision of Object.keys(files)) {
      expect(scripts.checksum(revision), revision).to.equal(checksumOfFile(join(versions, `${revision}_x.js`)))
    }
    expect(scripts.checksum('b2')).to.equal(checksumOf(revisionText('b2', 'a1')))
    expect(scripts.checksum('c3')).to.equal(checksumOf(revisionText('c3', 'b2')))
    expect(scripts.map.get('d4').message).to.equal('add prices in €, for the naïve café')
  })

  it('is of the text read when the folder was loaded, not read again', async () => {
    const file = join(versions, 'a1_x.js')
    writeFileSync(file, revisionText('a1', null))
    const scripts = await ScriptDirectory.load(versions)
    writeFileSync(file, `${revisionText('a1', null)}// edited\n`)
    expect(checksumOfFile(file)).not.to.equal(checksumOf(revisionText('a1', null)))
    expect(scripts.checksum('a1')).to.equal(checksumOf(revisionText('a1', null)))
    expect(() => scripts.checksum('zz')).to.throw(/No revision file defines zz/)
  })
})
