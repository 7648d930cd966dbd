/**
 * The passwords remembered for masking: a registration can be given back, and a run restores the
 * set it found (what a test helper does when its run ends).
 */
import {expect} from 'chai'

import {maskSecrets, registerSecret, registerUrlSecret, saveSecrets} from '../../src/config/mask'

const quoted = (secret: string) => `password authentication failed for '${secret}'`

describe('remembered passwords', () => {
  it('masks a registered password until its registration is given back', () => {
    const release = registerSecret('pw-mask-1')
    expect(maskSecrets(quoted('pw-mask-1'))).to.equal(quoted('***'))
    release()
    expect(maskSecrets(quoted('pw-mask-1'))).to.equal(quoted('pw-mask-1'))
  })

  it('keeps a password while another registration holds it', () => {
    const first = registerUrlSecret('postgres://app:pw-mask-2@db/app')
    const second = registerSecret('pw-mask-2')
    first()
    first()
    expect(maskSecrets(quoted('pw-mask-2'))).to.equal(quoted('***'))
    second()
    expect(maskSecrets(quoted('pw-mask-2'))).to.equal(quoted('pw-mask-2'))
  })

  it('restores the set found at the start of a run', () => {
    const kept = registerSecret('pw-mask-3')
    const restore = saveSecrets()
    registerSecret('pw-mask-4')
    restore()
    expect(maskSecrets(quoted('pw-mask-3'))).to.equal(quoted('***'))
    expect(maskSecrets(quoted('pw-mask-4'))).to.equal(quoted('pw-mask-4'))
    kept()
  })
})
