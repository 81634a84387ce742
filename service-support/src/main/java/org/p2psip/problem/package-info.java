@NullMarked
package org.p2psip.problem;

import org.jspecify.annotations.NullMarked;
