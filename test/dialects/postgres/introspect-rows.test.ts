import {expect} from 'chai'
import {rowsOf} from '../../../src/dialects/postgres/introspect'

describe('PostgreSQL catalog lists', () => {
  it('reads a list field by field, in the order its row numbers give', () => {
    const values = [[1, 2, 3], ['public', 'public', 'shop'], ['id', 'name', 'id']]
    expect(rowsOf(['schema', 'name'], values)).to.deep.equal([
      {schema: 'public', name: 'id'}, {schema: 'public', name: 'name'}, {schema: 'shop', name: 'id'},
    ])
  })

  it('puts rows that came out of order back in the order of their numbers, fields kept together', () => {
    const values = [[3, 1, 4, 2], ['c', 'a', 'd', 'b'], [30, 10, 40, 20]]
    expect(rowsOf(['name', 'position'], values)).to.deep.equal([
      {name: 'a', position: 10}, {name: 'b', position: 20}, {name: 'c', position: 30}, {name: 'd', position: 40},
    ])
  })

  it('reads an empty list', () => {
    expect(rowsOf(['schema', 'name'], [[], [], []])).to.deep.equal([])
  })
})
