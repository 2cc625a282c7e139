import { BadRequestException } from '@nestjs/common';
import { findNulCharacter, RejectNulCharactersPipe } from './nul-characters';

describe('findNulCharacter', () => {
  it('finds NUL in nested strings, array items and keys, naming the path', () => {
    expect(findNulCharacter({ listener: { name: 'a\u0000b' } })).toBe('listener.name');
    expect(findNulCharacter({ member: { tags: ['ok', 'x\u0000'] } })).toBe('member.tags[1]');
    expect(findNulCharacter({ pool: { ['k\u0000']: 1 } })).toBe('pool.k\u0000');
    expect(findNulCharacter('\u0000')).toBe('(body)');
  });

  it('accepts everything else, including other control characters and unicode', () => {
    expect(findNulCharacter({ a: 'x\n\t\u0007名前🙂', b: [1, null, true, { c: 'd' }] })).toBeUndefined();
  });
});

describe('RejectNulCharactersPipe', () => {
  const pipe = new RejectNulCharactersPipe();

  it('refuses a body with NUL with a 400 naming the field', () => {
    expect(() => pipe.transform({ loadbalancer: { name: '\u0000' } }, { type: 'body' })).toThrow(
      new BadRequestException('Invalid input for loadbalancer.name: must not contain NUL characters'),
    );
  });

  it('leaves other arguments and clean bodies alone', () => {
    expect(pipe.transform('\u0000', { type: 'param' })).toBe('\u0000');
    const body = { loadbalancer: { name: 'web' } };
    expect(pipe.transform(body, { type: 'body' })).toBe(body);
  });
});
