import { useEffect, useState } from 'react';
import { LetterPage } from './LetterPage';
import { LookupPage } from './LookupPage';
import { rememberedLetter } from './remembered';

type Tab = 'write' | 'lookup';

function tabFromHash(): Tab | null {
  const hash = location.hash.replace(/^#\/?/, '');
  return hash.startsWith('lookup') ? 'lookup' : hash.startsWith('write') ? 'write' : null;
}

/** The citizen's pages: send a letter, look up a case and rate the answer. No login; phone-first. */
export function CitizenApp() {
  const [tab, setTab] = useState<Tab>(() => tabFromHash() ?? (rememberedLetter() ? 'lookup' : 'write'));
  // A tracking code handed over from the letter receipt: the lookup form starts filled in.
  const [handover, setHandover] = useState<{ trackingCode: string; verify: string } | null>(null);

  useEffect(() => {
    const onHash = () => setTab(tabFromHash() ?? 'write');
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const go = (next: Tab) => {
    if (!location.hash.startsWith(`#${next}`)) history.replaceState(null, '', `#${next}`);
    setTab(next);
    window.scrollTo(0, 0);
  };

  return (
    <>
      <header className="masthead">
        <div className="masthead-inner">
          <span className="badge">12345</span>
          <div>
            <h1>市长信箱</h1>
            <p>政务服务便民热线</p>
          </div>
        </div>
      </header>
      <nav className="tabs" role="tablist">
        <button role="tab" aria-selected={tab === 'write'} className={tab === 'write' ? 'tab active' : 'tab'} onClick={() => go('write')}>
          我要写信
        </button>
        <button role="tab" aria-selected={tab === 'lookup'} className={tab === 'lookup' ? 'tab active' : 'tab'} onClick={() => go('lookup')}>
          查询进度
        </button>
      </nav>
      <main className="page">
        {tab === 'write' ? (
          <LetterPage
            onLookup={(trackingCode, verify) => {
              setHandover({ trackingCode, verify });
              go('lookup');
            }}
          />
        ) : (
          <LookupPage key={handover?.trackingCode ?? 'lookup'} initial={handover} />
        )}
      </main>
      <footer className="foot">
        <p>紧急情况请拨打 110、119、120。12345 热线 24 小时受理。</p>
        <p>时间均为北京时间。</p>
      </footer>
    </>
  );
}
