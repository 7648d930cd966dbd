import {expect} from 'chai'

import {databaseUrl, databaseUrlChoice, describeDatabaseUrl, parseDatabaseUrl} from '../../src/config/database-url'
import {maskSecrets, registerSecret} from '../../src/config/mask'
import {MigrateError} from '../../src/errors'

/** The error `fn` throws; fails when it throws none. */
function thrown(fn: () => unknown): MigrateError {
  try {
    fn()
  } catch (error) {
    expect(error).to.be.instanceOf(MigrateError)
    return error as MigrateError
  }
  throw new Error('expected an error')
}

describe('parseDatabaseUrl', () => {
  it('takes a server URL apart', () => {
    expect(parseDatabaseUrl('postgres://app:s3cr%40t@db:5432/shop')).to.deep.equal({dialect: 'postgres', username: 'app', password: 's3cr@t', host: 'db', port: 5432, database: 'shop'})
    expect(parseDatabaseUrl('postgresql://db/shop?sslmode=require')).to.deep.equal({dialect: 'postgres', host: 'db', database: 'shop'})
    expect(parseDatabaseUrl('mariadb://root@[::1]:3306/')).to.deep.equal({dialect: 'mariadb', username: 'root', host: '[::1]', port: 3306})
  })

  it('reads SQLite files and memory', () => {
    expect(parseDatabaseUrl('sqlite:./dev.sqlite')).to.deep.equal({dialect: 'sqlite', storage: './dev.sqlite'})
    expect(parseDatabaseUrl('sqlite:/var/db/app.sqlite')).to.deep.equal({dialect: 'sqlite', storage: '/var/db/app.sqlite'})
    expect(parseDatabaseUrl('sqlite::memory:')).to.deep.equal({dialect: 'sqlite', storage: ':memory:'})
  })

  const bad: Array<[string, string, string]> = [
    ['', 'EMPTY_DATABASE_URL', 'DATABASE_URL is empty'],
    ['   ', 'EMPTY_DATABASE_URL', 'DATABASE_URL is empty'],
    ['hunter2', 'MALFORMED_DATABASE_URL', 'not a connection URL'],
    ['postgres:db/shop', 'MALFORMED_DATABASE_URL', 'expected postgres://'],
    ['postgres://app:pa@ss@db/shop', 'MALFORMED_DATABASE_URL', 'unencoded character'],
    ['postgres://app:pa/ss@db/shop', 'MALFORMED_DATABASE_URL', 'unencoded character'],
    ['postgres://app:secret@db:99999/shop', 'INVALID_PORT', 'invalid port'],
    ['postgres://app:secret@db:54x2/shop', 'INVALID_PORT', 'invalid port'],
    ['postgres://app:se%zzret@db/shop', 'INVALID_ESCAPE', 'invalid %-escape in its user or password'],
    ['postgres://app@db/sh%zzop', 'INVALID_ESCAPE', 'invalid %-escape in its database name'],
    ['oracle://app:secret@db/shop', 'UNKNOWN_DIALECT', 'names the database \'oracle\''],
  ]
  for (const [url, code, fragment] of bad) {
    it(`refuses ${JSON.stringify(url)} with ${code}, echoing no credential`, () => {
      const error = thrown(() => parseDatabaseUrl(url))
      expect(error.code).to.equal(code)
      expect(error.message).to.include(fragment)
      for (const secret of ['secret', 'pa@ss', 'pa/ss', 'hunter2', 'se%zz', '99999', '54x2']) expect(error.message).to.not.include(secret)
    })
  }

  it('describes a URL without its password', () => {
    expect(describeDatabaseUrl(parseDatabaseUrl('postgres://app:secret@db:5432/shop'))).to.equal('postgres://app@db:5432/shop')
    expect(describeDatabaseUrl(parseDatabaseUrl('sqlite:./dev.sqlite'))).to.equal('sqlite:./dev.sqlite')
  })
})

describe('databaseUrl', () => {
  const saved = process.env.DATABASE_URL
  afterEach(() => {
    if (saved === undefined) delete process.env.DATABASE_URL
    else process.env.DATABASE_URL = saved
  })

  it('prefers -x url, then DATABASE_URL, then the fallback, and remembers which', () => {
    process.env.DATABASE_URL = 'postgres://db/from_env'
    expect(databaseUrl({x: {url: 'sqlite:./x.sqlite'}, fallback: 'sqlite:./dev.sqlite'})).to.equal('sqlite:./x.sqlite')
    expect(databaseUrlChoice()?.source).to.equal('x')
    expect(databaseUrl({x: {}, fallback: 'sqlite:./dev.sqlite'})).to.equal('postgres://db/from_env')
    expect(databaseUrlChoice()?.source).to.equal('variable')
    delete process.env.DATABASE_URL
    expect(databaseUrl({fallback: 'sqlite:./dev.sqlite'})).to.equal('sqlite:./dev.sqlite')
    expect(databaseUrlChoice()).to.deep.equal({source: 'fallback', variable: 'DATABASE_URL'})
  })

  it('without a fallback, a missing URL is an error; an empty one is never replaced by the fallback', () => {
    delete process.env.DATABASE_URL
    expect(thrown(() => databaseUrl()).code).to.equal('NO_DATABASE_URL')
    process.env.DATABASE_URL = ''
    expect(thrown(() => databaseUrl({fallback: 'sqlite:./dev.sqlite'})).code).to.equal('EMPTY_DATABASE_URL')
  })
})

describe('maskSecrets', () => {
  it('removes the password of every URL and keeps the rest', () => {
    expect(maskSecrets('connect to mysql://root:hunter2@db:3306/app failed')).to.equal('connect to mysql://root:***@db:3306/app failed')
    expect(maskSecrets('postgres://app@db/shop and postgres://db/shop')).to.equal('postgres://app@db/shop and postgres://db/shop')
  })

  it('drops the whole user-info of a URL whose password holds an unencoded @', () => {
    const masked = maskSecrets('bad url postgres://app:pa@ss-wording@db/shop here')
    expect(masked).to.equal('bad url postgres://***@db/shop here')
  })

  it('masks password settings', () => {
    expect(maskSecrets('host=db password=hunter2 user=app')).to.equal('host=db password=*** user=app')
    expect(maskSecrets('{"user":"app","password":"hunter2"}')).to.equal('{"user":"app","password":"***"}')
    expect(maskSecrets('{password: \'hunter2\'}')).to.equal('{password: \'***\'}')
    expect(maskSecrets('Access denied for user \'app\'@\'db\' (using password: YES)')).to.equal('Access denied for user \'app\'@\'db\' (using password: YES)')
  })

  it('never corrupts words that contain a registered password, nor reveals it by the pattern', () => {
    registerSecret('ro')
    expect(maskSecrets('Revision a1 failed; its transaction was rolled back')).to.equal('Revision a1 failed; its transaction was rolled back')
    expect(maskSecrets('the server rejected password \'ro\'')).to.equal('the server rejected password \'***\'')
  })
})
