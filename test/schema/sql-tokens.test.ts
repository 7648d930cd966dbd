import {expect} from 'chai'
import {matchingParen, splitTopLevel, sqlIdentifier, stripOuterParens, tokenizeSql} from '../../src/schema/sql-tokens'

describe('the SQL tokenizer', () => {
  const texts = (sql: string, options = {}) => tokenizeSql(sql, options).map((token) => token.text)

  it('splits words, quoted names, strings and punctuation, dropping whitespace and comments', () => {
    expect(texts('a "b c" (1) -- note\n, \'x y\' /* more */ `d`')).to.deep.equal(['a', '"b c"', '(', '1', ')', ',', "'x y'", '`d`'])
    expect(tokenizeSql("'it''s'")[0]).to.include({kind: 'string', text: "'it''s'"})
  })

  it('reads [name] as a quoted name only where asked (SQLite), and backslashes only in MySQL strings', () => {
    expect(texts('ARRAY[1, 2]')).to.deep.equal(['ARRAY', '[', '1', ',', '2', ']'])
    expect(texts('[a b]', {brackets: true})).to.deep.equal(['[a b]'])
    expect(texts("'a\\'b', c", {backslashEscapes: true})).to.deep.equal(["'a\\'b'", ',', 'c'])
    expect(texts("'a\\', c")).to.deep.equal(["'a\\'", ',', 'c'])
  })

  it('marks a quote that never closes', () => {
    expect(tokenizeSql("a 'open").at(-1)).to.include({text: "'open", unterminated: true})
  })

  it('unquotes identifiers', () => {
    expect(sqlIdentifier(tokenizeSql('"a""b"')[0])).to.equal('a"b')
    expect(sqlIdentifier(tokenizeSql('[x]', {brackets: true})[0])).to.equal('x')
    expect(sqlIdentifier(tokenizeSql("'s'")[0])).to.equal(undefined)
  })

  it('splits at top-level commas and matches parentheses outside quotes', () => {
    expect(splitTopLevel("a, f(b, c), 'd,e', 'f\\',g'")).to.deep.equal(['a', ' f(b, c)', " 'd,e'", " 'f\\',g'"])
    expect(matchingParen("(a, ')', (b))", 0)).to.equal(12)
    expect(stripOuterParens('((a = 1))')).to.equal('a = 1')
    expect(stripOuterParens('(a) + (b)')).to.equal('(a) + (b)')
  })
})
