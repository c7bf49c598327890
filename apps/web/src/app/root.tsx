// Which page the address asks for: a student's class page (`/c`, `/c/<code>`), a teacher's (`/class/new`,
// `/class/<code>`: the playground teaching a class), or the playground.
import { lazy, Suspense } from 'react';
import { App } from './app.js';
import { parseRoute } from './route.js';
import '../classroom/classroom.css';

// A student's page is its own chunk: the playground does not carry it, a phone loads little else.
const StudentApp = lazy(() => import('../classroom/student-app.js').then((m) => ({ default: m.StudentApp })));

export function Root() {
  const route = parseRoute(location.pathname, location.search);
  if (route.kind === 'class-join') {
    return (
      <Suspense fallback={null}>
        <StudentApp code={route.code} />
      </Suspense>
    );
  }
  if (route.kind === 'class-new') return <App classroom={{ code: null }} />;
  if (route.kind === 'class-teach') return <App classroom={{ code: route.code.toUpperCase() }} />;
  return <App />;
}
