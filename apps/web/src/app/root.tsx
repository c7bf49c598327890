// Which page the address asks for: a student's class page (`/c`, `/c/<code>`), a teacher's (`/class/new`,
// `/class/<code>`: the playground teaching a class), or the playground.
import { App } from './app.js';
import { parseRoute } from './route.js';
import { StudentApp } from '../classroom/student-app.js';
import '../classroom/classroom.css';

export function Root() {
  const route = parseRoute(location.pathname, location.search);
  if (route.kind === 'class-join') return <StudentApp code={route.code} />;
  if (route.kind === 'class-new') return <App classroom={{ code: null }} />;
  if (route.kind === 'class-teach') return <App classroom={{ code: route.code.toUpperCase() }} />;
  return <App />;
}
