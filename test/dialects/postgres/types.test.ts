import {expect} from 'chai'
import {postgresType} from '../../../src/dialects/postgres/types'

describe('postgresType', () => {
  it('reads the canonical type of a spelling', () => {
    expect(postgresType('character varying(255)')).to.deep.equal({kind: 'string', length: 255, raw: 'character varying(255)'})
    expect(postgresType('numeric(10,2)[]')).to.deep.equal({kind: 'array', element: {kind: 'decimal', precision: 10, scale: 2}, raw: 'numeric(10,2)[]'})
  })

  it('gives each caller its own copy of a spelling read before', () => {
    const first = postgresType('integer[]')
    first.kind = 'text'
    first.element!.kind = 'text'
    expect(postgresType('integer[]')).to.deep.equal({kind: 'array', element: {kind: 'integer'}, raw: 'integer[]'})
  })
})
