import {expect} from 'chai'
import {join} from 'node:path'

import {RevisionError} from '../../src/errors'
import {isRevisionFileName} from '../../src/script/script-directory'
import {renderRevision} from '../../src/script/write-revision'

const templates = join(__dirname, '../../templates/default')

describe('renderRevision: the file named after the id', () => {
  it('names the file <id>_<slug> with the template extension, for any id the graph accepts', () => {
    for (const id of ['a1b2c3d4e5f6', 'release-2', 'v1.0', 'étape']) {
      const {fileName, source} = renderRevision(templates, {revision: id, message: 'add users', downRevisions: []})
      expect(fileName).to.equal(`${id}_add_users.ts`)
      expect(isRevisionFileName(fileName)).to.equal(true)
      expect(source).to.include(`export const revision = '${id}'`)
    }
  })

  it('refuses an id whose file the folder would skip or place elsewhere', () => {
    for (const id of ['_draft', '.hidden', 'a/b', 'a\\b']) {
      expect(() => renderRevision(templates, {revision: id, message: 'x', downRevisions: []}))
        .to.throw(RevisionError, `'${id}' cannot be a revision id because its file`)
    }
  })
})
